//! Replays: everything needed to re-simulate a game and prove its score. Workshops collect
//! one per team; `verify` and `leaderboard` re-run each and reject any that was edited.

use crate::sim::script::{format_act, parse_act};
use crate::sim::{AccountMap, Game, Outcome, Scenario, Scorecard};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The replay file format version.
pub const FORMAT: u32 = 1;
/// Largest replay file read, in bytes.
pub const MAX_REPLAY_BYTES: u64 = 16 * 1024 * 1024;

/// The map as it stood at the end of a week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapSnapshot {
    pub week: u32,
    pub map: AccountMap,
}

/// A recorded game.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Replay {
    pub format: u32,
    pub engine_version: String,
    pub scenario_id: String,
    /// sha256 of the scenario file the game was played on.
    pub scenario_hash: String,
    pub seed: u64,
    /// Team or player name (workshops).
    #[serde(default)]
    pub team: String,
    /// The bot policy that played, if a bot did.
    #[serde(default)]
    pub policy: Option<String>,
    /// Every action, in the script syntax.
    pub actions: Vec<String>,
    pub map_snapshots: Vec<MapSnapshot>,
    pub weeks: u32,
    pub outcome: Outcome,
    pub score: Scorecard,
    /// sha256 over the rest of the file, so any edit is seen even where it would not change the score.
    pub digest: String,
}

/// Map snapshots: the map after the last action of each week.
pub fn snapshots(g: &Game) -> Vec<MapSnapshot> {
    // Re-walk the actions on a copy of the map to find the map at each week's end.
    let mut out = Vec::new();
    let mut map = AccountMap {
        people: vec![Default::default(); g.scenario().people.len()],
        ..Default::default()
    };
    let mut week = 1;
    for a in g.actions() {
        match a {
            crate::sim::Act::Believe(f, v) => {
                let _ = map.set(*f, *v);
            }
            crate::sim::Act::EndWeek => {
                out.push(MapSnapshot {
                    week,
                    map: map.clone(),
                });
                week += 1;
            }
            _ => {}
        }
    }
    out.push(MapSnapshot { week, map });
    out
}

impl Replay {
    /// Record a finished (or abandoned) game.
    pub fn record(g: &Game, team: &str, policy: Option<&str>) -> Replay {
        let scn = g.scenario();
        let mut r = Replay {
            format: FORMAT,
            engine_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario_id: scn.id().to_string(),
            scenario_hash: scn.hash.clone(),
            seed: g.seed(),
            team: team.to_string(),
            policy: policy.map(str::to_string),
            actions: g.actions().iter().map(|a| format_act(scn, a)).collect(),
            map_snapshots: snapshots(g),
            weeks: g.week(),
            outcome: g
                .outcome()
                .unwrap_or(Outcome::Lost(crate::sim::LossReason::NoBid)),
            score: g.scorecard(),
            digest: String::new(),
        };
        r.digest = r.compute_digest();
        r
    }

    /// sha256 of the replay's JSON with an empty digest field.
    pub fn compute_digest(&self) -> String {
        let mut copy = self.clone();
        copy.digest.clear();
        let json = serde_json::to_vec(&copy).unwrap_or_default();
        hex(&Sha256::digest(&json))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Read a replay; a clear error for a file that is too large, not JSON, or not a replay.
    pub fn read(path: &std::path::Path) -> Result<Replay, String> {
        let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if meta.len() > MAX_REPLAY_BYTES {
            return Err(format!(
                "{}: {} bytes is over the {} byte limit for a replay",
                path.display(),
                meta.len(),
                MAX_REPLAY_BYTES
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_slice(&bytes).map_err(|e| {
            format!(
                "{}:{}:{}: not a valid replay: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })
    }

    /// Re-simulate and compare. `Ok` with the re-simulated game when every recorded field
    /// matches; `Err` with the first difference otherwise.
    pub fn verify(&self, scn: Arc<Scenario>) -> Result<Game, String> {
        if self.format != FORMAT {
            return Err(format!(
                "replay format {} is not supported (expected {FORMAT})",
                self.format
            ));
        }
        if self.scenario_id != scn.id() {
            return Err(format!(
                "replay is for scenario `{}`, not `{}`",
                self.scenario_id,
                scn.id()
            ));
        }
        if self.scenario_hash != scn.hash {
            return Err(format!(
                "the scenario file `{}` has changed since this replay was recorded (hash {} vs {})",
                self.scenario_id,
                short(&self.scenario_hash),
                short(&scn.hash)
            ));
        }
        if self.digest != self.compute_digest() {
            return Err("the replay file was edited: its digest does not match its content".into());
        }
        let mut g = Game::new(scn.clone(), self.seed);
        for (i, line) in self.actions.iter().enumerate() {
            let act =
                parse_act(&scn, line).map_err(|e| format!("action {} `{line}`: {e}", i + 1))?;
            g.apply(act).map_err(|e| {
                format!("action {} `{line}` is not legal at that point: {e}", i + 1)
            })?;
        }
        let again = Replay::record(&g, &self.team, self.policy.as_deref());
        if again.outcome != self.outcome {
            return Err(format!(
                "outcome differs: recorded {:?}, re-simulated {:?}",
                self.outcome, again.outcome
            ));
        }
        if again.score != self.score {
            return Err(format!(
                "score differs: recorded {:.2}, re-simulated {:.2}",
                self.score.total, again.score.total
            ));
        }
        if again.weeks != self.weeks {
            return Err(format!(
                "weeks differ: recorded {}, re-simulated {}",
                self.weeks, again.weeks
            ));
        }
        if again.map_snapshots != self.map_snapshots {
            return Err("the account map snapshots differ from the actions".into());
        }
        Ok(g)
    }
}

fn short(h: &str) -> &str {
    &h[..h.len().min(12)]
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
