//! A model of the reference collector: validates, dedups by submission id, and
//! counts how often each id was received and stored.

use std::collections::BTreeMap;

/// What the collector did with one request that reached it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// First time: stored (201).
    Stored,
    /// A repeat of a stored id: nothing new stored (200).
    Repeat,
    /// Refused by validation with this status; nothing stored.
    Refused(u16),
}

impl Reply {
    pub fn status(self) -> u16 {
        match self {
            Reply::Stored => 201,
            Reply::Repeat => 200,
            Reply::Refused(status) => status,
        }
    }
}

#[derive(Debug, Default)]
pub struct Collector {
    /// How many rows hold each id (the property: never more than one).
    pub rows: BTreeMap<String, u32>,
    /// How many requests carried each id, answered or not.
    pub received: BTreeMap<String, u32>,
    /// Ids refused by validation.
    pub refused: BTreeMap<String, u16>,
}

impl Collector {
    /// Handles a body that reached the server intact.
    pub fn receive(&mut self, body: &str) -> Reply {
        let value: serde_json::Value = serde_json::from_str(body.trim_end()).unwrap_or_default();
        let id = value["id"].as_str().unwrap_or_default().to_owned();
        *self.received.entry(id.clone()).or_default() += 1;
        if let Some(status) = value["refuse"].as_u64().and_then(|s| u16::try_from(s).ok()) {
            self.refused.insert(id, status);
            return Reply::Refused(status);
        }
        let rows = self.rows.entry(id).or_default();
        if *rows > 0 {
            return Reply::Repeat;
        }
        *rows += 1;
        Reply::Stored
    }
}
