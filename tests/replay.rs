//! Replays and scripts: a replay survives a trip through a JSON file and verifies; a
//! hand-written script with every action form parses; a bad line is reported by number.

mod common;
use common::*;
use sandtable::bots::{Policy, play as bot};
use sandtable::replay::{Replay, VerifyError};
use sandtable::scenario::schema::{Circle, KeyInfo, Need, Role, Style};
use sandtable::sim::script::{format_act, parse_act, parse_script};
use sandtable::sim::*;

fn temp_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sandtable-replay-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn replay_round_trips_through_a_json_file_and_verifies() {
    let scn = water_lab();
    let g = bot(scn.clone(), 7, Policy::Expert);
    assert!(g.is_over());
    let r = Replay::record(&g, "红队 team red", Some("expert"));
    let path = temp_path("expert7.json");
    std::fs::write(&path, r.to_json()).unwrap();
    let back = Replay::read(&path).expect("reads");
    assert_eq!(back, r);
    let again = back.verify(scn.clone()).expect("verifies");
    assert_eq!(again.scorecard(), g.scorecard());
    assert_eq!(again.outcome(), g.outcome());
    assert_eq!(back.actions.len(), g.actions().len());
    assert_eq!(back.seed, 7);
    assert_eq!(back.team, "红队 team red");

    // The same replay against another scenario, or after the scenario changed, is refused.
    let other = load("minimal_valid.ron", MINIMAL);
    let e = back.verify(other).unwrap_err().to_string();
    assert!(e.contains("water_lab"), "{e}");
    let edited = load_with(
        "edited.ron",
        &WATER_LAB.replace("budget: 400", "budget: 401"),
        |_| {},
    );
    let e = back.verify(edited).unwrap_err().to_string();
    assert!(e.contains("changed"), "{e}");

    // A file that is not a replay says where.
    let junk = temp_path("junk.json");
    std::fs::write(&junk, "{\"format\": 1,\n \"seed\": oops}").unwrap();
    let e = Replay::read(&junk).unwrap_err().to_string();
    assert!(e.contains("line 2 column"), "{e}");
    assert!(e.contains("not a valid replay"), "{e}");
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

/// Replays of many bot games, written as JSON text and read back, are unchanged and verify:
/// floats such as the contract margin must survive the text round trip exactly.
#[test]
fn replays_of_bot_games_survive_json_text() {
    let mut failures = Vec::new();
    for (name, src) in [("water_lab.ron", WATER_LAB), ("minimal_valid.ron", MINIMAL)] {
        let scn = load(name, src);
        for policy in [
            Policy::Expert,
            Policy::Naive,
            Policy::Random,
            Policy::Cheater,
        ] {
            for seed in 0..25 {
                let g = bot(scn.clone(), seed, policy);
                let r = Replay::record(&g, "t", Some(policy.name()));
                let back: Replay = serde_json::from_str(&r.to_json()).unwrap();
                if back != r || back.verify(scn.clone()).is_err() {
                    failures.push(format!(
                        "{name} {} seed {seed}: {:?} / {:?}",
                        policy.name(),
                        r.outcome,
                        back.verify(scn.clone()).err()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of 200 replays do not survive JSON text:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

const SCRIPT: &str = "\
# A hand-written script with every action form.
qualify go            # the qualification decision
desk_research
cold_call qian_gong
introduction qian_gong sun_yi
meeting qian_gong probe
meeting qian_gong fabe
meeting qian_gong rapport
meeting qian_gong where
meeting qian_gong next_step

meeting zhou_mi ask:participants
meeting zhou_mi ask:needs
meeting zhou_mi ask:budget
meeting zhou_mi ask:process
meeting zhou_mi ask:competition
advance
seminar qian_gong
demo qian_gong
factory_visit qian_gong
reference_visit qian_gong
endorsement
executive_visit zhao_dong
business_meal zheng_cai
develop wu_fu
shape_tender qian_gong
clarification
proposal
bid 340 technical
bid 330 price
bid 320 business
bid 310
negotiate firm
negotiate balanced
negotiate yield
gift zheng_cai
kickback zhao_dong
obtain_rival_bid
qualify no_go
walk_away
believe role qian_gong technical_lead
believe circle zhou_mi watcher
believe style zhao_dong driver
believe need qian_gong security
believe allegiance zheng_cai dijia
believe allegiance sun_yi none
believe decision_maker zhao_dong
believe criterion technical
believe budget 400
believe tender_week 10
believe leading_rival hengda
believe rank 2
   end_week   # trailing spaces and a comment
";

#[test]
fn a_hand_written_script_with_every_form_parses() {
    let scn = water_lab();
    let acts = parse_script(&scn, SCRIPT).expect("parses");
    use Approach::*;
    let expected = vec![
        Act::Qualify(true),
        Act::DeskResearch,
        Act::ColdCall(TECH),
        Act::Introduction {
            from: TECH,
            to: ENG1,
        },
        Act::Meeting(TECH, ProbeNeeds),
        Act::Meeting(TECH, Fabe),
        Act::Meeting(TECH, Rapport),
        Act::Meeting(TECH, WhereDoWeStand),
        Act::Meeting(TECH, ProposeNextStep),
        Act::Meeting(WATCHER, AskInfo(KeyInfo::Participants)),
        Act::Meeting(WATCHER, AskInfo(KeyInfo::Needs)),
        Act::Meeting(WATCHER, AskInfo(KeyInfo::Budget)),
        Act::Meeting(WATCHER, AskInfo(KeyInfo::Process)),
        Act::Meeting(WATCHER, AskInfo(KeyInfo::Competition)),
        Act::Advance,
        Act::Seminar(TECH),
        Act::Demo(TECH),
        Act::FactoryVisit(TECH),
        Act::ReferenceVisit(TECH),
        Act::Endorsement,
        Act::ExecutiveVisit(DM),
        Act::BusinessMeal(PROC),
        Act::Develop(CORE),
        Act::ShapeTender(TECH),
        Act::Clarification,
        Act::Proposal,
        Act::Bid {
            price: 340,
            emphasis: Emphasis::Technical,
        },
        Act::Bid {
            price: 330,
            emphasis: Emphasis::Price,
        },
        Act::Bid {
            price: 320,
            emphasis: Emphasis::Business,
        },
        Act::Bid {
            price: 310,
            emphasis: Emphasis::Technical,
        },
        Act::Negotiate(Stance::Firm),
        Act::Negotiate(Stance::Balanced),
        Act::Negotiate(Stance::Yield),
        Act::Gift(PROC),
        Act::Kickback(DM),
        Act::ObtainRivalBid,
        Act::Qualify(false),
        Act::WalkAway,
        Act::Believe(Fact::Role(TECH), Some(Value::Role(Role::TechnicalLead))),
        Act::Believe(Fact::Circle(WATCHER), Some(Value::Circle(Circle::Watcher))),
        Act::Believe(Fact::Style(DM), Some(Value::Style(Style::Driver))),
        Act::Believe(Fact::Need(TECH), Some(Value::Need(Need::Security))),
        Act::Believe(Fact::Allegiance(PROC), Some(Value::Vendor(DIJIA))),
        Act::Believe(Fact::Allegiance(ENG1), None),
        Act::Believe(Fact::Key(KeyInfo::Participants), Some(Value::Person(DM))),
        Act::Believe(
            Fact::Key(KeyInfo::Needs),
            Some(Value::Criterion(Criterion::Technical)),
        ),
        Act::Believe(Fact::Key(KeyInfo::Budget), Some(Value::Amount(400))),
        Act::Believe(Fact::Key(KeyInfo::Process), Some(Value::Week(10))),
        Act::Believe(Fact::Key(KeyInfo::Competition), Some(Value::Vendor(HENGDA))),
        Act::Believe(Fact::Rank, Some(Value::Rank(2))),
        Act::EndWeek,
    ];
    assert_eq!(acts.len(), expected.len());
    for (i, (a, e)) in acts.iter().zip(&expected).enumerate() {
        assert_eq!(a, e, "action {i}");
    }
    // Every action formats back to a line that parses to itself.
    for a in &acts {
        let line = format_act(&scn, a);
        assert_eq!(parse_act(&scn, &line).as_ref(), Ok(a), "`{line}`");
    }
}

#[test]
fn a_bad_script_line_is_reported_with_its_number() {
    let scn = water_lab();
    let cases = [
        (
            "desk_research\n\n# fine\nmeeting qian_gong hug\n",
            "line 4",
            "unknown approach `hug`",
        ),
        (
            "cold_call nobody\n",
            "line 1",
            "unknown stakeholder `nobody`",
        ),
        (
            "end_week\nfly_to_the_moon\n",
            "line 2",
            "unknown action `fly_to_the_moon`",
        ),
        (
            "end_week\nend_week\nbid lots\n",
            "line 3",
            "`lots` is not a whole number",
        ),
        ("qualify maybe\n", "line 1", "go or no_go"),
        (
            "meeting qian_gong ask:gossip\n",
            "line 1",
            "unknown key information `gossip`",
        ),
        (
            "believe style qian_gong grumpy\n",
            "line 1",
            "unknown style `grumpy`",
        ),
        (
            "believe allegiance qian_gong acme\n",
            "line 1",
            "unknown vendor `acme`",
        ),
        (
            "introduction qian_gong\n",
            "line 1",
            "needs a stakeholder id",
        ),
        ("negotiate hard\n", "line 1", "unknown stance `hard`"),
    ];
    for (script, line, what) in cases {
        let e = parse_script(&scn, script).unwrap_err();
        assert!(e.starts_with(&format!("{line}:")), "{script:?}: {e}");
        assert!(e.contains(what), "{script:?}: {e}");
    }
}

/// A script played on a game gives the same result as the same actions applied directly.
#[test]
fn a_script_plays_like_the_actions() {
    let scn = water_lab();
    let script = "qualify go\nadvance\ncold_call qian_gong\ndemo qian_gong\nmeeting qian_gong probe\nend_week\nreference_visit qian_gong\n";
    let mut a = Game::new(scn.clone(), 3);
    for act in parse_script(&scn, script).unwrap() {
        a.apply(act).unwrap();
    }
    let mut b = Game::new(scn.clone(), 3);
    play(
        &mut b,
        &[
            Act::Qualify(true),
            Act::Advance,
            Act::ColdCall(TECH),
            Act::Demo(TECH),
            Act::Meeting(TECH, Approach::ProbeNeeds),
            Act::EndWeek,
            Act::ReferenceVisit(TECH),
        ],
    );
    assert_eq!(a.log(), b.log());
    assert_eq!(a.true_attitude(TECH), b.true_attitude(TECH));
}

fn fixture(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn fixture_catalog() -> Vec<sandtable::catalog::Entry> {
    sandtable::catalog::load_dir(&fixture("scenarios"))
}

/// Replays written by earlier versions must always parse, and verify unless the rules have
/// changed since, in which case they say so and are never called edited.
#[test]
fn replays_written_by_earlier_versions_parse_and_verify_or_name_their_rules() {
    let catalog = fixture_catalog();
    let mut n = 0;
    for entry in std::fs::read_dir(fixture("replays")).expect("fixtures") {
        let path = entry.expect("entry").path();
        n += 1;
        let r = Replay::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        match r.verify_in(&catalog) {
            Ok(g) => assert!(g.is_over()),
            Err(VerifyError::RulesVersion { recorded, current }) => {
                assert_ne!(recorded, current);
                assert_ne!(current, RULES_VERSION + 1, "impossible");
            }
            Err(e) => panic!("{}: {e}", path.display()),
        }
    }
    assert!(n >= 3, "format 1 and format 2 fixtures are kept");
}

fn expert_replay() -> (std::sync::Arc<Scenario>, Replay) {
    let scn = water_lab();
    let g = bot(scn.clone(), 7, Policy::Expert);
    (scn, Replay::record(&g, "t", None))
}

/// Re-parse a replay's JSON after `edit`, with the digest a forger would compute.
fn forged(r: &Replay, edit: impl FnOnce(&mut serde_json::Value)) -> Replay {
    let mut v = serde_json::to_value(r).expect("json");
    edit(&mut v);
    v["digest"] = serde_json::json!(sandtable::replay::canonical_digest(&v));
    Replay::from_json(&serde_json::to_vec(&v).expect("json")).expect("a replay")
}

#[test]
fn every_prefix_of_a_finished_game_is_rejected_as_not_finished() {
    let scn = water_lab();
    let full = bot(scn.clone(), 7, Policy::Expert);
    let n = full.actions().len();
    let mut g = Game::new(scn.clone(), 7);
    for (i, a) in full.actions().iter().enumerate() {
        let r = Replay::record(&g, "t", None);
        let e = r
            .verify(scn.clone())
            .expect_err("a prefix is not a finished game");
        assert!(
            matches!(e, VerifyError::NotFinished { .. }),
            "prefix {i} of {n}: {e}"
        );
        assert!(e.to_string().starts_with("game not finished"), "{e}");
        g.apply(*a).expect("legal");
    }
    assert!(Replay::record(&g, "t", None).verify(scn).is_ok());
}

#[test]
fn a_replay_under_other_rules_says_so_and_is_not_called_edited() {
    let (scn, r) = expert_replay();
    let other = forged(&r, |v| {
        v["rules_version"] = serde_json::json!(RULES_VERSION + 1)
    });
    let e = other.verify(scn.clone()).expect_err("other rules");
    assert!(
        e.to_string()
            .starts_with(&format!("recorded under rules v{}", RULES_VERSION + 1)),
        "{e}"
    );
    assert!(!e.to_string().contains("edited"), "{e}");
    // An edit without a new digest is an edit.
    let mut v = serde_json::to_value(&r).expect("json");
    v["seed"] = serde_json::json!(8);
    let e = Replay::from_json(&serde_json::to_vec(&v).expect("json"))
        .expect("parses")
        .verify(scn)
        .expect_err("edited");
    assert_eq!(e, VerifyError::Edited);
}

/// The digest covers the file's own content in a canonical form: a field unknown to this
/// version (written by a newer one), or a field this version defaults when a file leaves it
/// out, does not make a replay look edited; nor does the order or spacing of the file.
#[test]
fn the_digest_does_not_depend_on_fields_this_version_adds_or_on_layout() {
    let (scn, r) = expert_replay();
    let newer = forged(&r, |v| {
        v["coach_notes"] = serde_json::json!("a field from later")
    });
    assert!(newer.verify(scn.clone()).is_ok());
    let older = forged(&r, |v| {
        let m = v.as_object_mut().expect("object");
        m.remove("team");
        m.remove("policy");
    });
    assert!(older.verify(scn.clone()).is_ok());
    // Compact and pretty text of the same content share one digest.
    let compact = Replay::from_json(&serde_json::to_vec(&r).expect("json")).expect("parses");
    let pretty = Replay::from_json(r.to_json().as_bytes()).expect("parses");
    assert_eq!(compact.compute_digest(), pretty.compute_digest());
    assert_eq!(pretty.compute_digest(), r.digest);
}

mod hostile {
    use super::*;
    use proptest::prelude::*;

    fn base() -> (Vec<sandtable::catalog::Entry>, serde_json::Value, Vec<u8>) {
        let path = fixture("replays/format2-tutorial-script-seed7.json");
        let bytes = std::fs::read(path).expect("fixture");
        let v = serde_json::from_slice(&bytes).expect("json");
        (fixture_catalog(), v, bytes)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// A replay edited anywhere, with the digest a forger would recompute, is verified
        /// or rejected with a reason: never a panic, never a file read because of it.
        #[test]
        fn a_forged_replay_is_rejected_or_verified_without_panic(
            field in 0usize..7,
            text in "(\\PC|[/.\\\\:\\n\\u{1b}]){0,40}",
            n in 0usize..400,
            seed in any::<u64>(),
        ) {
            let (catalog, mut v, _) = base();
            let len = v["actions"].as_array().map_or(0, Vec::len).max(1);
            match field {
                0 => v["scenario_id"] = serde_json::json!(text),
                1 => v["actions"][n % len] = serde_json::json!(text),
                2 => { v["actions"].as_array_mut().expect("actions").truncate(n % len); }
                3 => v["seed"] = serde_json::json!(seed),
                4 => v["team"] = serde_json::json!(text),
                5 => v["weeks"] = serde_json::json!(n),
                _ => v["rules_version"] = serde_json::json!(n),
            }
            v["digest"] = serde_json::json!(sandtable::replay::canonical_digest(&v));
            let bytes = serde_json::to_vec(&v).expect("json");
            if let Ok(r) = Replay::from_json(&bytes) {
                let _ = r.verify_in(&catalog);
            }
        }

        /// Bytes changed at random: the digest sees it, or the file does not parse.
        #[test]
        fn a_replay_with_changed_bytes_never_verifies(at in any::<usize>(), byte in any::<u8>()) {
            let (catalog, _, mut bytes) = base();
            let i = at % bytes.len();
            prop_assume!(bytes[i] != byte);
            let was = bytes[i];
            bytes[i] = byte;
            if let Ok(r) = Replay::from_json(&bytes) {
                let verified = r.verify_in(&catalog).is_ok();
                // Only a change of layout (blanks between tokens) may still verify.
                prop_assert!(
                    !verified || (was.is_ascii_whitespace() && byte.is_ascii_whitespace()),
                    "byte {i} {was:?} -> {byte:?} verified"
                );
            }
        }
    }
}
