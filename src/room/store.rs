//! The room's durable store: an append-only log of JSON lines, each batch fsynced before the
//! room acknowledges what it holds.
//!
//! Why a log and not SQLite: the room's state is a pure function of the order of its
//! records (joins, actions, injects, week ends), so an append-only file is the whole
//! database; it needs no C build, and `kill -9` can only leave a torn last line, which was
//! never acknowledged and is cut off on the next start.

use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// One line of the log. Every variant has an explicit name on disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t")]
pub enum Record {
    /// The first line: what the room plays. A restart must name the same game.
    #[serde(rename = "room")]
    Room {
        scenario: String,
        hash: String,
        seed: u64,
        rules: u32,
        token: String,
    },
    #[serde(rename = "join")]
    Join {
        name: String,
        key: String,
        code: String,
    },
    /// An action at a team's log position (the room's own week ends included).
    #[serde(rename = "act")]
    Act {
        team: usize,
        pos: usize,
        act: String,
    },
    #[serde(rename = "ready")]
    Ready { team: usize, week: u32 },
    /// The facilitator fired an inject in room week `week`.
    #[serde(rename = "inject")]
    Inject { inject: String, week: u32 },
    /// Room week `week` ended.
    #[serde(rename = "week")]
    Week { week: u32 },
    #[serde(rename = "start")]
    Start,
    #[serde(rename = "lock")]
    Lock,
    #[serde(rename = "reveal")]
    Reveal,
}

/// Why the store could not be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot use the room's data file {path}: {err}")]
    Io { path: String, err: std::io::Error },
    #[error("the room's data file {path} is damaged at line {line}: {reason}")]
    Damaged {
        path: String,
        line: usize,
        reason: String,
    },
}

/// The open log.
pub struct Store {
    path: PathBuf,
    file: File,
}

/// Largest log line read back, in bytes (an action line is well under 200).
const MAX_LINE: usize = 64 * 1024;

impl Store {
    /// Open (creating if needed) the log in `dir`, and read back every complete record. A
    /// torn last line — never acknowledged — is cut off.
    pub fn open(dir: &Path) -> Result<(Store, Vec<Record>), StoreError> {
        let path = dir.join("room.log");
        let io = |err| StoreError::Io {
            path: path.display().to_string(),
            err,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let new = !path.exists();
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(io)?;
        let mut records = Vec::new();
        let mut good_len: u64 = 0;
        {
            let mut r = BufReader::new(&mut file);
            let mut line = Vec::new();
            let mut n = 0;
            loop {
                line.clear();
                let got = r.read_until(b'\n', &mut line).map_err(io)?;
                if got == 0 {
                    break;
                }
                n += 1;
                if !line.ends_with(b"\n") {
                    // A torn write: the crash came before this line was synced and answered.
                    break;
                }
                if line.len() > MAX_LINE {
                    return Err(StoreError::Damaged {
                        path: path.display().to_string(),
                        line: n,
                        reason: "line too long".into(),
                    });
                }
                let rec: Record =
                    serde_json::from_slice(&line).map_err(|e| StoreError::Damaged {
                        path: path.display().to_string(),
                        line: n,
                        reason: e.to_string(),
                    })?;
                records.push(rec);
                good_len += got as u64;
            }
        }
        let len = file.metadata().map_err(io)?.len();
        if len != good_len {
            file.set_len(good_len).map_err(io)?;
            file.sync_all().map_err(io)?;
        }
        file.seek(SeekFrom::End(0)).map_err(io)?;
        if new {
            // The new file's name must survive a power cut too, not only its bytes.
            #[cfg(unix)]
            File::open(dir).and_then(|d| d.sync_all()).map_err(io)?;
        }
        Ok((Store { path, file }, records))
    }

    /// Append records and fsync: when this returns `Ok`, they survive a crash.
    pub fn append(&mut self, records: &[Record]) -> Result<(), StoreError> {
        let mut buf = Vec::with_capacity(128 * records.len());
        for r in records {
            serde_json::to_writer(&mut buf, r).map_err(|e| StoreError::Io {
                path: self.path.display().to_string(),
                err: std::io::Error::other(e),
            })?;
            buf.push(b'\n');
        }
        let io = |err| StoreError::Io {
            path: self.path.display().to_string(),
            err,
        };
        self.file.write_all(&buf).map_err(io)?;
        self.file.sync_data().map_err(io)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_torn_last_line_is_cut_off_and_the_rest_reads_back() {
        let dir = tempfile::tempdir().expect("tmp");
        {
            let (mut s, recs) = Store::open(dir.path()).expect("open");
            assert!(recs.is_empty());
            s.append(&[Record::Start, Record::Week { week: 1 }])
                .expect("append");
        }
        let path = dir.path().join("room.log");
        let mut f = OpenOptions::new().append(true).open(&path).expect("open");
        f.write_all(b"{\"t\":\"lo").expect("torn");
        drop(f);
        let (mut s, recs) = Store::open(dir.path()).expect("reopen");
        assert_eq!(recs, vec![Record::Start, Record::Week { week: 1 }]);
        s.append(&[Record::Lock]).expect("append");
        let (_, recs) = Store::open(dir.path()).expect("reopen");
        assert_eq!(recs.len(), 3);
    }
}
