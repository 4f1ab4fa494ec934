//! The installed scenarios, for the scenario-select screen and for resuming saves. A file
//! that fails validation is listed with its error, never dropped and never a crash.

use crate::scenario;
use crate::sim::Scenario;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One scenario file: ready to play, or why not.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: PathBuf,
    pub scenario: Result<Arc<Scenario>, String>,
}

impl Entry {
    /// The file name without extension, shown when the scenario cannot be read.
    pub fn name(&self) -> String {
        self.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// Load every `*.ron` file in `dir`: the playable ones easiest first (the tutorial at the
/// top, where a new trainee looks), then by file name; files that fail to load last.
pub fn load_dir(dir: &Path) -> Vec<Entry> {
    let files = match scenario::discover(&[dir.to_path_buf()]) {
        Ok(f) => f,
        Err(d) => {
            return vec![Entry {
                path: dir.to_path_buf(),
                scenario: Err(scenario::render(&[d], None)),
            }];
        }
    };
    let mut entries: Vec<Entry> = files
        .into_iter()
        .map(|found| {
            let scenario = match scenario::load_found(&found) {
                Ok(l) => Scenario::compile(l.file, l.hash).map(Arc::new),
                Err(diags) => {
                    let src = scenario::load::source_for_render(&found);
                    Err(scenario::render(&diags, src.as_deref()))
                }
            };
            Entry {
                path: found.path,
                scenario,
            }
        })
        .collect();
    // A stable sort keeps file-name order within each difficulty.
    entries.sort_by_key(|e| match &e.scenario {
        Ok(s) => (0, Some(s.file.difficulty)),
        Err(_) => (1, None),
    });
    entries
}

/// The playable scenario with this id, if any.
pub fn find(entries: &[Entry], id: &str) -> Option<Arc<Scenario>> {
    entries
        .iter()
        .find_map(|e| e.scenario.as_ref().ok().filter(|s| s.id() == id).cloned())
}

/// A scenario looked up by id and content hash (replays and saves name both).
#[derive(Debug, Clone)]
pub enum Version {
    /// A playable file with this id and this hash.
    Found(Arc<Scenario>),
    /// Playable files with this id, none with this hash: the first of them.
    Changed(Arc<Scenario>),
    /// No playable file with this id.
    Missing,
}

/// The playable scenario with this id and hash; a folder may hold several versions of a
/// scenario (e.g. last year's beside this year's), so the hash picks among them.
pub fn find_version(entries: &[Entry], id: &str, hash: &str) -> Version {
    let mut same_id = entries
        .iter()
        .filter_map(|e| e.scenario.as_ref().ok().filter(|s| s.id() == id));
    let Some(first) = same_id.next() else {
        return Version::Missing;
    };
    if first.hash == hash {
        return Version::Found(first.clone());
    }
    match same_id.find(|s| s.hash == hash) {
        Some(s) => Version::Found(s.clone()),
        None => Version::Changed(first.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_scenarios_are_listed_easiest_first() {
        let entries = load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"));
        let levels: Vec<_> = entries
            .iter()
            .map(|e| {
                e.scenario
                    .as_ref()
                    .expect("shipped scenarios load")
                    .file
                    .difficulty
            })
            .collect();
        assert_eq!(
            levels.first(),
            Some(&scenario::schema::Difficulty::Tutorial)
        );
        assert!(levels.is_sorted(), "{levels:?}");
    }

    #[test]
    fn a_broken_file_is_listed_with_its_error_beside_the_good_ones() {
        let dir = std::env::temp_dir().join(format!("sandtable-catalog-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial.ron");
        std::fs::write(dir.join("a_broken.ron"), "(id: \"broken\",").expect("write");
        std::fs::copy(&good, dir.join("b_tutorial.ron")).expect("copy");
        let entries = load_dir(&dir);
        assert_eq!(entries.len(), 2);
        assert!(entries[0].scenario.is_ok(), "playable files come first");
        let err = entries[1].scenario.as_ref().expect_err("broken");
        assert!(err.contains("a_broken.ron:1:"), "{err}");
        assert!(find(&entries, "tutorial").is_some());
        assert!(find(&entries, "broken").is_none());
    }
}
