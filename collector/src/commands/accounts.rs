//! `touchpoint user …` and `touchpoint key …`: Studio accounts and read keys, from the
//! shell of the machine that runs the collector (the first admin is made this way).
//!
//! A password is read from standard input, one line, so scripts can pipe it in; on a
//! terminal it is asked for twice without echo. A key is printed once, alone on standard
//! output (`KEY=$(touchpoint key add …)`); everything else goes to standard error.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use touchpoint_collector::auth::password;
use touchpoint_collector::db::{Refused, Role, User, UserChange};
use touchpoint_collector::studio;
use touchpoint_core::fields::is_id;

use super::{DbArg, print_table, when, with_db};

/// `touchpoint user`.
#[derive(Args)]
pub struct UserArgs {
    #[command(subcommand)]
    command: UserCommand,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; the password is read from standard input (one line).
    Add {
        email: String,
        /// admin (manages users, sites and keys), editor (edits and publishes) or viewer (reads).
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// A site this user may see (repeat for several); none: every site. Not for admins.
        #[arg(long = "site", value_name = "SITE")]
        sites: Vec<String>,
        #[command(flatten)]
        db: DbArg,
    },
    /// List users.
    List {
        #[command(flatten)]
        db: DbArg,
    },
    /// Remove a user with their sessions and drafts (never the last admin).
    Remove {
        email: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// Set a user's password from standard input; ends their sessions.
    Password {
        email: String,
        #[command(flatten)]
        db: DbArg,
    },
}

fn parse_role(name: &str) -> Result<Role, String> {
    Role::parse(name).ok_or_else(|| format!("`{name}` is not one of admin, editor, viewer"))
}

/// Runs `touchpoint user …`.
pub fn user(args: UserArgs) -> ExitCode {
    match args.command {
        UserCommand::Add { email, role, sites, db } => {
            let Some(email) = studio::normalize_email(&email) else {
                return fail(format!("`{email}` is not an email address"));
            };
            if let Some(bad) = sites.iter().find(|s| !is_id(s)) {
                return fail(format!("`{bad}` is not a site id (1-64 characters of a-z, 0-9, - or _)"));
            }
            if role == Role::Admin && !sites.is_empty() {
                return fail("--site does not apply to admins: they see every site".into());
            }
            let hash =
                match read_password(&email).and_then(|p| password::hash(&p).map_err(|e| format!("the password {e}"))) {
                    Ok(hash) => hash,
                    Err(e) => return fail(e),
                };
            with_db(&db, |db| async move {
                let sites = (!sites.is_empty()).then_some(sites);
                let now = touchpoint_collector::system_clock()();
                let user =
                    User { email: email.clone(), role, sites, password_hash: hash, created_at: now, disabled: false };
                match db.create_user(user).await.map_err(|e| e.to_string())? {
                    Ok(()) => Ok(format!("added {role} {email}")),
                    Err(_) => Err(format!("user {email} exists")),
                }
            })
        }
        UserCommand::List { db } => with_db(&db, |db| async move {
            let users = db.users().await.map_err(|e| e.to_string())?;
            let mut rows = vec![["email", "role", "sites", "created", "status"].map(str::to_owned).to_vec()];
            for u in &users {
                let sites = match (&u.sites, u.role) {
                    (_, Role::Admin) | (None, _) => "all".to_owned(),
                    (Some(list), _) => list.join(","),
                };
                let status = if u.disabled { "disabled" } else { "active" };
                rows.push(vec![u.email.clone(), u.role.to_string(), sites, when(u.created_at), status.into()]);
            }
            print_table(&rows)?;
            Ok(String::new())
        }),
        UserCommand::Remove { email, db } => with_db(&db, |db| async move {
            let email = email.to_lowercase();
            match db.delete_user(&email).await.map_err(|e| e.to_string())? {
                Ok(()) => Ok(format!("removed {email}")),
                Err(why) => Err(refused(&email, why)),
            }
        }),
        UserCommand::Password { email, db } => {
            let email = email.to_lowercase();
            let hash =
                match read_password(&email).and_then(|p| password::hash(&p).map_err(|e| format!("the password {e}"))) {
                    Ok(hash) => hash,
                    Err(e) => return fail(e),
                };
            with_db(&db, |db| async move {
                let change = UserChange { password_hash: Some(hash), ..UserChange::default() };
                match db.update_user(&email, change, None).await.map_err(|e| e.to_string())? {
                    Ok(_) => Ok(format!("set the password of {email}; their sessions have ended")),
                    Err(why) => Err(refused(&email, why)),
                }
            })
        }
    }
}

fn refused(email: &str, why: Refused) -> String {
    match why {
        Refused::NotFound => format!("no user {email}"),
        Refused::Exists => format!("user {email} exists"),
        Refused::LastAdmin => format!("{email} is the last admin who can sign in: add another admin first"),
    }
}

fn fail(message: String) -> ExitCode {
    eprintln!("touchpoint: {message}");
    ExitCode::FAILURE
}

/// One line from standard input; on a terminal, asked for twice without echo.
fn read_password(email: &str) -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("Password for {email}: ")).map_err(|e| e.to_string())?;
        let again = rpassword::prompt_password("Again: ").map_err(|e| e.to_string())?;
        if first != again {
            return Err("the two passwords differ".into());
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| format!("reading the password: {e}"))?;
    let line = line.strip_suffix('\n').unwrap_or(&line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.is_empty() {
        return Err(
            "no password on standard input (one line, e.g. `printf '%s\\n' \"$PW\" | touchpoint user add …`)".into()
        );
    }
    Ok(line.to_owned())
}

/// `touchpoint key`.
#[derive(Args)]
pub struct KeyArgs {
    #[command(subcommand)]
    command: KeyCommand,
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Make a read key for a site; prints the key, once, alone on standard output.
    Add {
        #[arg(long)]
        site: String,
        /// What the key may do: read (the responses and promises of its site).
        #[arg(long, default_value = "read", value_parser = ["read"])]
        scope: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// List keys (never the keys themselves: their first characters).
    List {
        #[arg(long)]
        site: Option<String>,
        #[command(flatten)]
        db: DbArg,
    },
    /// Revoke a key by its id (from `key list`).
    Remove {
        id: String,
        #[command(flatten)]
        db: DbArg,
    },
}

/// Runs `touchpoint key …`.
pub fn key(args: KeyArgs) -> ExitCode {
    match args.command {
        KeyCommand::Add { site, scope: _, db } => {
            if !is_id(&site) {
                return fail(format!("`{site}` is not a site id (1-64 characters of a-z, 0-9, - or _)"));
            }
            with_db(&db, |db| async move {
                let now = touchpoint_collector::system_clock()();
                let (key, stored) = studio::new_key(&site, now).map_err(|e| e.to_string())?;
                let known = db.sites().await.map_err(|e| e.to_string())?.iter().any(|s| s.id == site);
                db.create_key(stored.clone()).await.map_err(|e| e.to_string())?;
                let mut out = std::io::stdout().lock();
                writeln!(out, "{key}").and_then(|()| out.flush()).map_err(|e| e.to_string())?;
                let note = if known {
                    String::new()
                } else {
                    format!("\n(site {site} is not in the database; the key reads its responses all the same)")
                };
                Ok(format!("key {} reads site {site}; it is shown only this once{note}", stored.id))
            })
        }
        KeyCommand::List { site, db } => with_db(&db, |db| async move {
            let keys = db.keys(site.as_deref()).await.map_err(|e| e.to_string())?;
            let mut rows = vec![["id", "site", "scope", "key", "created", "last used"].map(str::to_owned).to_vec()];
            for k in &keys {
                let used = k.last_used_at.map_or_else(|| "never".to_owned(), when);
                rows.push(vec![
                    k.id.clone(),
                    k.site.clone(),
                    k.scope.clone(),
                    format!("{}…", k.prefix),
                    when(k.created_at),
                    used,
                ]);
            }
            print_table(&rows)?;
            Ok(String::new())
        }),
        KeyCommand::Remove { id, db } => with_db(&db, |db| async move {
            if db.delete_key(&id).await.map_err(|e| e.to_string())? {
                Ok(format!("revoked key {id}"))
            } else {
                Err(format!("no key {id}"))
            }
        }),
    }
}
