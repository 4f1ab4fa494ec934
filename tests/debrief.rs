//! Golden debriefs: the text a trainer prints, reviewed like code. `UPDATE_GOLDEN=1`
//! rewrites them after a deliberate change.

use sandtable::bots::{Policy, play};
use sandtable::debrief::Debrief;
use sandtable::i18n::Lang;
use sandtable::scenario;
use sandtable::sim::Scenario;
use std::path::Path;
use std::sync::Arc;

fn check(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/debrief")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden {}; run with UPDATE_GOLDEN=1",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name} differs from the golden file at line {}:\n  golden: {:?}\n  actual: {:?}",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

fn tutorial() -> Arc<Scenario> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial.ron");
    let l = scenario::load_path(&path).expect("valid");
    Arc::new(Scenario::compile(l.file, l.hash).expect("compiles"))
}

#[test]
fn the_debrief_of_a_naive_tutorial_game_matches_the_golden_text_in_both_languages() {
    let g = play(tutorial(), 7, Policy::Naive);
    check(
        "tutorial_naive_seed7.en.txt",
        &Debrief::build(&g, Lang::En, true).to_text(),
    );
    check(
        "tutorial_naive_seed7.zh.txt",
        &Debrief::build(&g, Lang::Zh, true).to_text(),
    );
}

#[test]
fn the_debrief_reveals_the_truth_the_player_could_not_see() {
    let g = play(tutorial(), 3, Policy::Expert);
    let d = Debrief::build(&g, Lang::En, true);
    assert_eq!(d.score, g.scorecard());
    assert_eq!(d.ranks.len(), g.history().len());
    assert!(
        d.people
            .iter()
            .all(|p| p.truth.iter().all(|t| !t.is_empty()))
    );
    // Hidden effects appear in the timeline, marked as unseen.
    assert!(
        d.timeline.iter().any(|t| !t.seen),
        "rival moves and hidden effects are revealed"
    );
    assert!(
        d.timeline
            .iter()
            .any(|t| t.text.contains("[hidden: attitude"))
    );
    let x = d.expert.expect("the expert's path on the same seed");
    assert!(!x.actions.is_empty() && !x.key_people.is_empty());
}
