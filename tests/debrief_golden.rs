//! Golden debriefs: the text debrief of fixed games on the water lab
//! (`tests/fixtures/water_lab.ron`), compared exactly.
//! Regenerate with `UPDATE_GOLDEN=1 cargo test --no-default-features --test debrief_golden`.

mod common;
use common::*;
use sandtable::bots::{Policy, play as bot};
use sandtable::debrief::Debrief;
use sandtable::i18n::Lang;

fn golden(file: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/debrief")
        .join(file);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map(|i| i + 1)
            .unwrap_or(expected.lines().count().min(actual.lines().count()) + 1);
        panic!(
            "{} differs from the golden file at line {line} (UPDATE_GOLDEN=1 to accept):\n{actual}",
            path.display()
        );
    }
}

#[test]
fn debrief_of_the_naive_bot_on_seed_7_en() {
    let g = bot(water_lab(), 7, Policy::Naive);
    golden(
        "water_lab_naive_seed7.en.txt",
        &Debrief::build(&g, Lang::En, true).to_text(),
    );
}

#[test]
fn debrief_of_the_naive_bot_on_seed_7_zh() {
    let g = bot(water_lab(), 7, Policy::Naive);
    golden(
        "water_lab_naive_seed7.zh.txt",
        &Debrief::build(&g, Lang::Zh, true).to_text(),
    );
}

#[test]
fn debrief_of_the_cheater_on_seed_3_en() {
    let g = bot(water_lab(), 3, Policy::Cheater);
    golden(
        "water_lab_cheater_seed3.en.txt",
        &Debrief::build(&g, Lang::En, true).to_text(),
    );
}
