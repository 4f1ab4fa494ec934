//! The balance gate on the shipped scenarios, at a reduced run count (CI also runs the
//! release binary's `balance` at a higher count). Seeds are fixed, so this is deterministic.

use sandtable::cli::balance;
use sandtable::scenario;
use sandtable::sim::Scenario;
use std::sync::Arc;

#[test]
fn every_shipped_scenario_is_balanced() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let files = scenario::discover(&[dir]).expect("the scenarios folder exists");
    assert!(
        files.len() >= 8,
        "the library ships at least eight scenarios"
    );
    let mut failures = Vec::new();
    for f in files {
        let l =
            scenario::load_path(&f).unwrap_or_else(|d| panic!("{} is invalid: {d:?}", f.display()));
        assert!(
            l.warnings.is_empty(),
            "{} has warnings: {:?}",
            f.display(),
            l.warnings
        );
        let scn = Arc::new(Scenario::compile(l.file, l.hash).expect("compiles"));
        let report = balance(&scn, 150);
        if !report.ok {
            failures.push(report.text());
        }
    }
    assert!(failures.is_empty(), "unbalanced:\n{}", failures.join("\n"));
}
