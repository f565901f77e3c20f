//! One module per subcommand of the `touchpoint` binary.

pub mod score;
pub mod serve;
