//! Scenario loading and validation: golden diagnostics, the minimal example, hostile input.

use proptest::prelude::*;
use sandtable::scenario::{self, Severity};
use std::path::{Path, PathBuf};

const GOLDEN: &str = "tests/golden/validate";
const MINIMAL: &str = "tests/golden/validate/minimal_valid.ron";

fn minimal() -> String {
    std::fs::read_to_string(MINIMAL).expect("minimal example exists")
}

fn errors_of(src: &str) -> Vec<scenario::Diagnostic> {
    match scenario::load_str("t.ron", src) {
        Ok(l) => l.warnings,
        Err(d) => d,
    }
}

/// Loads `src` and returns the rendered diagnostics.
fn rendered(src: &str) -> String {
    scenario::render(&errors_of(src), Some(src))
}

/// The minimal example with `from` replaced by `to` (which must occur exactly once).
fn edit(from: &str, to: &str) -> String {
    let src = minimal();
    assert_eq!(
        src.matches(from).count(),
        1,
        "`{from}` must occur once in the minimal example"
    );
    src.replacen(from, to, 1)
}

#[test]
fn minimal_example_is_valid_without_warnings() {
    let loaded = scenario::load_path(Path::new(MINIMAL))
        .unwrap_or_else(|d| panic!("{}", scenario::render(&d, None)));
    assert!(
        loaded.warnings.is_empty(),
        "{}",
        scenario::render(&loaded.warnings, Some(&loaded.source))
    );
    assert_eq!(loaded.file.stakeholders.len(), 4);
    assert_eq!(loaded.file.rivals.len(), 1);
    assert_eq!(loaded.hash.len(), 64);
    assert_eq!(
        loaded.file.stakeholders[1].reports_to.as_deref(),
        Some("wang_yuan")
    );
}

#[test]
fn doc_contains_the_minimal_example() {
    let doc = std::fs::read_to_string("docs/scenario-format.md").expect("doc exists");
    assert!(
        doc.contains(minimal().trim()),
        "docs/scenario-format.md must include minimal_valid.ron verbatim"
    );
}

/// Every broken file in the golden folder renders exactly as its `.txt`.
/// `UPDATE_GOLDEN=1 cargo test --no-default-features --test validate` rewrites them.
#[test]
fn golden_diagnostics() {
    let update = std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1");
    let files = scenario::discover(&[PathBuf::from(GOLDEN)]).expect("golden folder");
    let mut failures = Vec::new();
    let mut count = 0;
    for path in files {
        if path.ends_with("minimal_valid.ron") {
            continue;
        }
        count += 1;
        let source = std::fs::read(&path).expect("read");
        let text = String::from_utf8_lossy(&source).into_owned();
        let diags = match scenario::load_path(&path) {
            Ok(l) => l.warnings,
            Err(d) => d,
        };
        assert!(
            !diags.is_empty(),
            "{} should produce diagnostics",
            path.display()
        );
        let got = scenario::render(&diags, Some(&text));
        let expected_path = path.with_extension("txt");
        if update {
            std::fs::write(&expected_path, &got).expect("write golden");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != got {
            failures.push(format!("--- {}\n{got}", expected_path.display()));
        }
    }
    assert!(
        count >= 8,
        "expected at least 8 broken golden files, found {count}"
    );
    assert!(
        failures.is_empty(),
        "golden mismatch (UPDATE_GOLDEN=1 to accept):\n{}",
        failures.join("\n")
    );
}

/// Asserts that editing the minimal example yields a diagnostic of `severity` whose
/// message contains `needle`, at `line` of the edited file.
fn expect(src: &str, severity: Severity, needle: &str) -> scenario::Diagnostic {
    let diags = errors_of(src);
    diags
        .iter()
        .find(|d| d.severity == severity && d.message.contains(needle))
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "no {severity:?} containing `{needle}` in:\n{}",
                rendered(src)
            )
        })
}

fn line_of(src: &str, needle: &str) -> usize {
    1 + src
        .lines()
        .position(|l| l.contains(needle))
        .expect("needle in source")
}

#[test]
fn unknown_reference_points_at_the_value_with_a_suggestion() {
    let src = edit(
        "committee: [\"wang_yuan\", \"li_ke\", \"zhou_cai\"]",
        "committee: [\"wang_yuan\", \"li_ke\", \"zhou_ca\"]",
    );
    let d = expect(
        &src,
        Severity::Error,
        "unknown stakeholder `zhou_ca` in `committee`",
    );
    assert_eq!(d.line, line_of(&src, "committee:"));
    assert_eq!(d.len, "\"zhou_ca\"".len());
    assert!(
        d.hint
            .as_deref()
            .is_some_and(|h| h.contains("did you mean `zhou_cai`?"))
    );
    assert!(scenario::load_str("t.ron", &src).is_err());
}

#[test]
fn each_check_fires() {
    use Severity::{Error, Warning};
    let cases: &[(&str, &str, Severity, &str)] = &[
        (
            "languages: [\"zh\", \"en\"]",
            "languages: []",
            Error,
            "`languages` is empty",
        ),
        (
            "languages: [\"zh\", \"en\"]",
            "languages: [\"zh\", \"zh\"]",
            Error,
            "listed twice",
        ),
        (
            "(zh: \"先找到技术负责人\", en: \"Find the technical lead first\")",
            "(zh: \"先找到技术负责人\")",
            Error,
            "missing `en` text in `learning_goals[0]`",
        ),
        (
            "expected_minutes: 30",
            "expected_minutes: 0",
            Error,
            "expected_minutes",
        ),
        (
            "budget: 300,",
            "budget: 0,",
            Error,
            "`budget` must be more than 0",
        ),
        (
            "presales_days: 2",
            "presales_days: 8",
            Error,
            "`presales_days` is 8",
        ),
        (
            "expense_budget: 10.0",
            "expense_budget: -1.0",
            Error,
            "expense_budget",
        ),
        (
            "technical_strength: 70",
            "technical_strength: 101",
            Error,
            "`technical_strength` is 101",
        ),
        (
            "aggressiveness: 50",
            "aggressiveness: 120",
            Error,
            "`aggressiveness` is 120",
        ),
        (
            "price_ratio: 0.9",
            "price_ratio: 2.5",
            Error,
            "`price_ratio` is 2.5",
        ),
        (
            "outside_experts: 2,",
            "outside_experts: 2,\n        target_margin: 1.0,",
            Error,
            "target_margin",
        ),
        ("style: [Driver]", "style: []", Error, "`style` is empty"),
        (
            "need: [Power, Achievement]",
            "need: [Power, Power]",
            Error,
            "`Power` is listed twice",
        ),
        (
            "attitude: 10,",
            "attitude: 10,\n            attitude_spread: 60,",
            Error,
            "attitude_spread",
        ),
        (
            "attitude: 10,",
            "attitude: 10,\n            openness: 1.2,",
            Error,
            "`openness` is 1.2",
        ),
        (
            "attitude: 10,",
            "attitude: 10,\n            honesty: -0.1,",
            Error,
            "`honesty` is -0.1",
        ),
        (
            "attitude: 10,",
            "attitude: 10,\n            planted_by: \"nobody\",",
            Error,
            "unknown rival `nobody` in `planted_by`",
        ),
        (
            "attitude: 10,",
            "attitude: 10,\n            planted_by: \"hengtai\",\n            knows: [],",
            Error,
            "knows nothing",
        ),
        (
            "(to: \"li_ke\", strength: 0.3)",
            "(to: \"li_kk\", strength: 0.3)",
            Error,
            "unknown stakeholder `li_kk` in `ties.to`",
        ),
        (
            "(rival: \"hengtai\", attitude: 20)",
            "(rival: \"hengtai\", attitude: -120)",
            Error,
            "`attitude` is -120",
        ),
        (
            "role: TechnicalLead,",
            "role: DecisionMaker,",
            Warning,
            "2 decision makers",
        ),
        (
            "committee: [\"wang_yuan\", \"li_ke\", \"zhou_cai\"]",
            "committee: []",
            Error,
            "committee is empty",
        ),
        (
            "committee: [\"wang_yuan\", \"li_ke\", \"zhou_cai\"]",
            "committee: [\"li_ke\", \"li_ke\"]",
            Error,
            "sits on the committee twice",
        ),
        (
            "bid_week: 10,",
            "bid_week: 61,",
            Error,
            "impossible schedule",
        ),
        (
            "tender_week: 8,",
            "tender_week: 0,",
            Error,
            "impossible schedule",
        ),
        (
            "trigger: Week(5)",
            "trigger: Chance(from: 6, to: 4, chance: 0.5)",
            Error,
            "`from` (6) is after `to` (4)",
        ),
        (
            "trigger: Week(5)",
            "trigger: Chance(from: 1, to: 4, chance: 1.5)",
            Error,
            "`chance` is 1.5",
        ),
        (
            "trigger: Week(5)",
            "trigger: AttitudeBelow(who: \"wang\", below: 0, week: 3)",
            Error,
            "unknown stakeholder `wang` in `who`",
        ),
        (
            "Budget(delta: -20)",
            "RivalAttitude(who: \"li_ke\", rival: \"hengtia\", delta: 5)",
            Error,
            "unknown rival `hengtia`",
        ),
        (
            "Budget(delta: -20)",
            "RivalShapes(rival: \"x\", amount: 5)",
            Error,
            "unknown rival `x`",
        ),
        (
            "Budget(delta: -20)",
            "Budget(delta: -300)",
            Error,
            "leaves no budget",
        ),
        (
            "Budget(delta: -20)",
            "Delay(weeks: 0)",
            Error,
            "delay of 0 weeks",
        ),
        (
            "Budget(delta: -20)",
            "Reshuffle(leaves: \"li_ke\", arrives: \"zhao_yi\")",
            Error,
            "not marked `arrives_by_event: true`",
        ),
        (
            "Budget(delta: -20)",
            "Reshuffle(leaves: \"li_ke\", arrives: \"nobody\")",
            Error,
            "unknown stakeholder `nobody` in `arrives`",
        ),
        (
            "id: \"budget_cut\"",
            "id: \"li_ke\"",
            Error,
            "duplicate id `li_ke`",
        ),
        (
            "id: \"budget_cut\"",
            "id: \"Budget cut\"",
            Error,
            "invalid event id",
        ),
        (
            "news: (zh: \"医院预算被压缩。\", en: \"The hospital's budget was cut.\")",
            "news: (zh: \"医院预算被压缩。\")",
            Error,
            "missing `en` text in `events[0].news`",
        ),
        (
            "difficulty: Tutorial,",
            "difficulty: Tutorial,\n    tuning: (noise: 1.5, kickback_risk: 2.0),",
            Error,
            "`noise` is 1.5",
        ),
        (
            "difficulty: Tutorial,",
            "difficulty: Tutorial,\n    tuning: (repeat_factor: -1.0),",
            Error,
            "`repeat_factor` is -1",
        ),
        (
            "difficulty: Tutorial,",
            "difficulty: Tutorial,\n    tuning: (gift_risk: 1.5),",
            Error,
            "`gift_risk` is 1.5",
        ),
    ];
    for (from, to, severity, needle) in cases {
        let src = edit(from, to);
        let d = expect(&src, *severity, needle);
        assert!(
            d.line > 1,
            "`{needle}` should be located at a value, got line 1"
        );
    }
}

#[test]
fn count_limits() {
    let mut src = minimal();
    // Remove the last stakeholder: 3 are too few.
    let start = src
        .find("        (\n            id: \"zhao_yi\"")
        .expect("zhao");
    let end = src[start..].find("        ),\n    ],").expect("end") + start + "        ),\n".len();
    src.replace_range(start..end, "");
    expect(
        &src,
        Severity::Error,
        "3 stakeholders; a scenario needs 4 to 20",
    );

    let src = minimal();
    let start = src.find("    rivals: [").expect("rivals");
    let end = src.find("    events: [").expect("events");
    let mut no_rivals = src.clone();
    no_rivals.replace_range(start..end, "    rivals: [],\n");
    no_rivals = no_rivals.replace(
        "            rival_attitudes: [(rival: \"hengtai\", attitude: 20)],\n",
        "",
    );
    expect(&no_rivals, Severity::Error, "0 rivals");
}

#[test]
fn arrivals_by_reshuffle_load() {
    let src = edit(
        "            visible: false,\n",
        "            arrives_by_event: true,\n",
    )
    .replace(
        "Budget(delta: -20)",
        "Reshuffle(leaves: \"zhou_cai\", arrives: \"zhao_yi\")",
    );
    let loaded = scenario::load_str("t.ron", &src)
        .unwrap_or_else(|d| panic!("{}", scenario::render(&d, Some(&src))));
    assert!(loaded.warnings.is_empty());
}

#[test]
fn trap_with_a_barrier_is_quiet() {
    let src = edit("    difficulty: Tutorial,", "    difficulty: Tutorial,\n    trap: true,").replace(
        "        outside_experts: 2,\n",
        "        outside_experts: 2,\n        qualification_rules: [(id: \"licence\", text: (zh: \"甲级资质\", en: \"Class A licence\"), always: true, we_meet: false)],\n",
    );
    let loaded = scenario::load_str("t.ron", &src)
        .unwrap_or_else(|d| panic!("{}", scenario::render(&d, Some(&src))));
    assert!(
        loaded.warnings.is_empty(),
        "{}",
        scenario::render(&loaded.warnings, Some(&src))
    );
}

#[test]
fn explicit_some_and_bare_parens_are_accepted() {
    let src = edit(
        "            reports_to: \"wang_yuan\",\n            role: TechnicalLead,",
        "            reports_to: Some(\"wang_yuan\"),\n            role: TechnicalLead,",
    )
    .replace("Scenario(\n    id:", "(\n    id:");
    assert!(scenario::load_str("t.ron", &src).is_ok());
}

#[test]
fn byte_order_mark_is_ignored_and_hash_is_of_the_bytes() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(minimal().as_bytes());
    let loaded = scenario::load_bytes("t.ron", &bytes).expect("loads");
    let plain = scenario::load_str("t.ron", &minimal()).expect("loads");
    assert_ne!(loaded.hash, plain.hash);
    assert_eq!(loaded.source, plain.source);
}

#[test]
fn invalid_utf8_is_located() {
    let mut bytes = minimal().into_bytes();
    let at = bytes
        .windows(7)
        .position(|w| w == b"Tutoria")
        .expect("word");
    bytes[at + 2] = 0xFF;
    let d = &scenario::load_bytes("t.ron", &bytes).unwrap_err()[0];
    assert!(d.message.contains("UTF-8"));
    assert_eq!((d.line, d.col), (10, 19));
}

#[test]
fn hostile_inputs_fail_cleanly() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let d = errors_of(&deep);
    assert!(d.iter().any(|d| d.is_error()));
    let deep_struct = format!("Scenario(id: {}", "Some(".repeat(50_000));
    assert!(!errors_of(&deep_struct).is_empty());
    let comments = "/*".repeat(100_000);
    assert!(!errors_of(&comments).is_empty());
    assert!(!errors_of("Scenario(").is_empty());
    assert!(!errors_of("\"\\u{110000}\"").is_empty());
    let huge_list = format!(
        "Scenario(id: \"x\", languages: [{}])",
        "\"zh\",".repeat(200_000)
    );
    assert!(!errors_of(&huge_list).is_empty());
}

#[test]
fn oversized_file_is_refused_without_reading_it_all() {
    let dir = std::env::temp_dir().join(format!("sandtable-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let path = dir.join("huge.ron");
    let f = std::fs::File::create(&path).expect("create");
    f.set_len(50 * 1024 * 1024).expect("sparse 50 MB file");
    let d = scenario::load_path(&path).unwrap_err();
    assert!(d[0].message.contains("too large"), "{}", d[0].message);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn discover_and_validate_paths() {
    let files = scenario::discover(&[PathBuf::from(GOLDEN)]).expect("folder");
    assert!(files.windows(2).all(|w| w[0] < w[1]), "sorted");
    assert!(
        files
            .iter()
            .all(|f| f.extension().is_some_and(|e| e == "ron"))
    );
    assert!(scenario::discover(&[PathBuf::from("no/such/dir")]).is_err());

    let ok = scenario::validate_paths(&[PathBuf::from(MINIMAL)]);
    assert!(ok.ok);
    assert_eq!(
        ok.text,
        format!("ok: {MINIMAL} (0 warnings)\n1 of 1 scenario file valid\n")
    );
    assert_eq!(ok.json["ok"], true);
    assert_eq!(ok.json["files"][0]["hash"].as_str().map(str::len), Some(64));

    let warn =
        scenario::validate_paths(&[PathBuf::from("tests/golden/validate/warnings_only.ron")]);
    assert!(warn.ok, "warnings alone do not fail");

    let bad = scenario::validate_paths(&[
        PathBuf::from(MINIMAL),
        PathBuf::from("tests/golden/validate/weights_not_100.ron"),
    ]);
    assert!(!bad.ok);
    assert!(
        bad.text
            .contains("error: evaluation weights sum to 110, not 100")
    );
    assert!(
        bad.text.ends_with("1 of 2 scenario files valid\n"),
        "{}",
        bad.text
    );
    assert_eq!(bad.json["files"][1]["errors"], 1);
    assert_eq!(bad.json["files"][1]["diagnostics"][0]["severity"], "error");
    assert_eq!(bad.json["files"][1]["diagnostics"][0]["line"], 41);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Random bytes never panic the loader or the renderer.
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let r = scenario::load_bytes("r.ron", &bytes);
        if let Err(d) = r {
            prop_assert!(!d.is_empty());
            let _ = scenario::render(&d, std::str::from_utf8(&bytes).ok());
        }
    }

    /// Random edits of a valid file (delete, insert, replace a span) never panic, and every
    /// diagnostic points inside the file.
    #[test]
    fn mutations_never_panic(
        edits in proptest::collection::vec((0usize..10_000, 0usize..40, "[\\[\\](){}:,\"'/*#a-z0-9 \\n\\\\-]{0,12}|.{0,6}"), 1..6)
    ) {
        let mut src = minimal();
        for (at, del, ins) in edits {
            let mut start = at % (src.len() + 1);
            while !src.is_char_boundary(start) { start -= 1; }
            let mut end = (start + del).min(src.len());
            while !src.is_char_boundary(end) { end -= 1; }
            src.replace_range(start..end, &ins);
        }
        let diags = errors_of(&src);
        let lines = src.lines().count().max(1);
        for d in &diags {
            prop_assert!(d.line >= 1 && d.line <= lines + 1, "line {} of {}", d.line, lines);
            prop_assert!(d.col >= 1);
        }
        let _ = scenario::render(&diags, Some(&src));
    }
}

/// The method's rules on the file: an invited tender needs two rivals (three bids), a
/// role swap names two different people, a rival's floor is under its price, and a
/// government open tender draws two thirds of its evaluators from outside.
#[test]
fn the_method_rules_are_checked_where_they_are_written() {
    let invited = rendered(&edit(
        "procurement: OpenTender,",
        "procurement: InvitedTender,",
    ));
    assert!(
        invited.contains("an invited tender with 1 rival"),
        "{invited}"
    );
    let swap = rendered(&edit(
        "committee: [",
        "role_swaps: [(a: \"li_ke\", b: \"li_ke\", chance: 0.5)],\n        committee: [",
    ));
    assert!(swap.contains("swapped with himself"), "{swap}");
    let floor = rendered(&edit(
        "id: \"hengtai\",",
        "id: \"hengtai\",\n            floor: 1.5,",
    ));
    assert!(floor.contains("`floor` is 1.5"), "{floor}");
    let gov = rendered(&edit("industry: Healthcare,", "industry: Government,"));
    assert!(gov.contains("two thirds of the committee"), "{gov}");
}
