//! Names on disk never change by accident: every name a replay, a save or a script uses is
//! listed in `tests/golden/wire_names.txt`, and this test fails on any difference.
//! `UPDATE_GOLDEN=1 cargo test --no-default-features --test wire_names` rewrites the list
//! (review the diff: a changed name breaks every file written before).

mod common;
use common::*;
use sandtable::bots::{Policy, play as bot};
use sandtable::replay::{FiredInject, Replay};
use sandtable::save::{QueuedLine, RoomLogLine, RoomPart, Save};
use sandtable::scenario::schema::{Circle, KeyInfo, Need, Role, Style};
use sandtable::sim::script::{format_act, parse_act};
use sandtable::sim::wire::{self, Wire};
use sandtable::sim::*;

fn names<T: Wire>(kind: &str, out: &mut Vec<String>) {
    for v in T::ALL {
        out.push(format!("{kind} {}", v.wire()));
    }
}

fn json<T: serde::Serialize>(kind: &str, v: &T, out: &mut Vec<String>) {
    out.push(format!(
        "json {kind} {}",
        serde_json::to_string(v).expect("serialises")
    ));
}

/// Every outcome, one per variant (a new variant stops this compiling: add a sample).
fn outcomes() -> Vec<Outcome> {
    let reasons = [
        LossReason::NoBid,
        LossReason::OverBudget,
        LossReason::NotQualified(0),
        LossReason::NonCompliant,
        LossReason::Outscored(1),
        LossReason::NegotiationCollapsed,
        LossReason::NotInvited,
        LossReason::Filler,
        LossReason::AbnormallyLow,
        LossReason::TenderFailed,
    ];
    for r in reasons {
        match r {
            LossReason::NoBid
            | LossReason::OverBudget
            | LossReason::NotQualified(_)
            | LossReason::NonCompliant
            | LossReason::Outscored(_)
            | LossReason::NegotiationCollapsed
            | LossReason::NotInvited
            | LossReason::Filler
            | LossReason::AbnormallyLow
            | LossReason::TenderFailed => {}
        }
    }
    let mut all = vec![
        Outcome::Won {
            price: 100,
            margin: 0.25,
        },
        Outcome::WalkedAway { week: 2 },
        Outcome::Disqualified { week: 3 },
        Outcome::Partnered {
            rival: 1,
            price: 50,
            margin: 0.12,
        },
    ];
    all.extend(reasons.map(Outcome::Lost));
    for o in &all {
        match o {
            Outcome::Won { .. }
            | Outcome::Lost(_)
            | Outcome::WalkedAway { .. }
            | Outcome::Disqualified { .. }
            | Outcome::Partnered { .. } => {}
        }
    }
    all
}

fn current() -> Vec<String> {
    let mut out = Vec::new();
    for v in wire::VERBS {
        out.push(format!("verb {v}"));
    }
    for a in wire::APPROACHES {
        out.push(format!("approach {a}"));
    }
    for f in wire::FACTS {
        out.push(format!("fact {f}"));
    }
    for q in wire::QUALIFY {
        out.push(format!("qualify {q}"));
    }
    names::<Role>("role", &mut out);
    names::<Circle>("circle", &mut out);
    names::<Style>("style", &mut out);
    names::<Need>("need", &mut out);
    names::<KeyInfo>("key_info", &mut out);
    names::<Criterion>("criterion", &mut out);
    names::<Emphasis>("emphasis", &mut out);
    names::<Stance>("stance", &mut out);
    for o in outcomes() {
        json("outcome", &o, &mut out);
    }
    for r in Role::ALL {
        json("role", r, &mut out);
    }
    for c in Circle::ALL {
        json("circle", c, &mut out);
    }
    for s in Style::ALL {
        json("style", s, &mut out);
    }
    for n in Need::ALL {
        json("need", n, &mut out);
    }
    for c in Criterion::ALL {
        json("criterion", c, &mut out);
    }
    // The fields of the files themselves.
    let scn = water_lab();
    let g = bot(scn.clone(), 7, Policy::Expert);
    for (kind, v) in [
        (
            "replay",
            serde_json::to_value(
                Replay::record(&g, "t", None)
                    .with_times("2026-12-02T09:00:00Z".into(), "2026-12-02T10:00:00Z".into()),
            )
            .expect("json"),
        ),
        (
            "save",
            serde_json::to_value(Save::of(&g).started(Some("2026-12-02T09:00:00Z".into())))
                .expect("json"),
        ),
    ] {
        let mut keys: Vec<&String> = v.as_object().expect("object").keys().collect();
        keys.sort();
        for k in keys {
            out.push(format!("field {kind} {k}"));
        }
    }
    // Written only in the autosave of a game played in a workshop room.
    out.push("field save room".into());
    let room = RoomPart {
        url: "http://192.168.1.20:7750".into(),
        team: 0,
        key: "0".repeat(32),
        team_name: "t".into(),
        log: vec![
            RoomLogLine::Act("desk_research".into()),
            RoomLogLine::Inject("audit".into()),
        ],
        queued: vec![QueuedLine {
            week: 1,
            act: "end_week".into(),
        }],
    };
    let v = serde_json::to_value(&room).expect("json");
    let mut keys: Vec<&String> = v.as_object().expect("object").keys().collect();
    keys.sort();
    for k in keys {
        out.push(format!("field save_room {k}"));
    }
    for l in &room.log {
        json("room_log_line", l, &mut out);
    }
    json("queued_line", &room.queued[0], &mut out);
    // Written only when a facilitator fired an inject into the game (workshop rooms).
    out.push("field replay injects".into());
    json(
        "fired_inject",
        &FiredInject {
            week: 3,
            inject: "audit".into(),
        },
        &mut out,
    );
    out
}

#[test]
fn the_names_on_disk_match_the_checked_in_list() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/wire_names.txt");
    let got = current().join("\n") + "\n";
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &got).expect("write");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != got {
        let exp: Vec<&str> = expected.lines().collect();
        let now: Vec<&str> = got.lines().collect();
        let gone: Vec<&&str> = exp.iter().filter(|l| !now.contains(l)).collect();
        let new: Vec<&&str> = now.iter().filter(|l| !exp.contains(l)).collect();
        panic!(
            "names on disk changed (files written before would no longer read).\nremoved: {gone:#?}\nadded: {new:#?}\nIf this is intended, add the new names to tests/golden/wire_names.txt (UPDATE_GOLDEN=1) and keep the old ones readable."
        );
    }
}

/// Every verb the list names is one the parser reads, and every action any bot plays (and
/// every action legal along the way) formats with a listed verb and parses back to itself.
#[test]
fn every_action_formats_with_a_listed_verb_and_parses_back() {
    let scn = water_lab();
    for v in wire::VERBS {
        let e = parse_act(&scn, v).err().unwrap_or_default();
        assert!(!e.starts_with("unknown action"), "{v}: {e}");
    }
    let mut seen = std::collections::BTreeSet::new();
    for p in Policy::all() {
        for seed in 0..6 {
            let g = bot(scn.clone(), seed, p);
            let mut h = Game::new(scn.clone(), seed);
            for a in g.actions() {
                for l in h.legal_actions().iter().chain(std::iter::once(a)) {
                    let line = format_act(&scn, l);
                    let verb = wire::verb(l);
                    assert!(wire::VERBS.contains(&verb), "{verb} is not listed");
                    assert!(line.starts_with(verb), "{line}");
                    assert_eq!(parse_act(&scn, &line).as_ref(), Ok(l), "{line}");
                    seen.insert(verb);
                }
                h.apply(*a).expect("legal");
            }
        }
    }
    assert!(seen.len() >= 20, "{seen:?}");
}
