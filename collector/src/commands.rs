//! One module per subcommand of the `touchpoint` binary.

pub mod check;
pub mod serve;
