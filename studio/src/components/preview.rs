//! The live preview.
