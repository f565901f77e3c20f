//! One module per subcommand of the `touchpoint` binary.

pub mod check;
pub mod score;
pub mod serve;
