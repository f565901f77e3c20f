//! Week grid.
