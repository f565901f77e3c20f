//! One module per subcommand of the `touchpoint` binary.

pub mod backup;
pub mod check;
pub mod embed;
pub mod score;
pub mod serve;

use clap::Args;
use touchpoint_collector::Target;

/// `--db`, the same for every command that opens the store.
#[derive(Args, Clone)]
pub struct DbArg {
    /// The database: a SQLite file (created on first use) or a postgres://user:password@host:port/dbname URL.
    #[arg(long = "db", env = "TOUCHPOINT_DB", default_value = "touchpoint.db")]
    pub target: Target,
}

/// A runtime for the commands that talk to the database.
pub fn runtime() -> Result<tokio::runtime::Runtime, std::io::Error> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build()
}
