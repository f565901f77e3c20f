//! Field anchors.
