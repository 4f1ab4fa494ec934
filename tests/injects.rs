//! Injects: a facilitator's event lands at the end of the week it was fired in, for every
//! game alike, draws no dice, and is recorded in the replay so that `verify` still holds.

use sandtable::bots::{Policy, play as bot};
use sandtable::replay::{FiredInject, Replay, VerifyError};
use sandtable::sim::*;
use std::sync::Arc;

mod common;

fn tutorial() -> Arc<Scenario> {
    common::shipped("tutorial")
}

/// Replays the actions of `g` on a fresh game of the same seed, firing inject `i` in `week`.
fn with_inject(g: &Game, week: u32, i: usize) -> Game {
    let mut h = Game::new(g.scenario().clone(), g.seed());
    for a in g.actions() {
        if h.week() == week && h.injects().is_empty() {
            h.fire_inject(i).expect("fires");
        }
        h.apply(*a).expect("legal");
    }
    h
}

#[test]
fn a_budget_inject_moves_the_budget_and_nothing_else() {
    let scn = tutorial();
    let cut = scn
        .inject_ix("budget_cut")
        .expect("the tutorial has a budget cut");
    let g = bot(scn.clone(), 7, Policy::Passive);
    let h = with_inject(&g, 2, cut);
    assert_eq!(h.injects(), &[(2, cut)]);
    // No dice drawn: every rival's planned price and every attitude is the same.
    for p in 0..scn.people.len() {
        assert_eq!(g.true_attitude(p), h.true_attitude(p));
    }
    assert_eq!(g.true_budget() - 30, h.true_budget());
    assert!(
        h.log()
            .iter()
            .any(|e| e.week == 2 && matches!(e.kind, LogKind::Inject(i) if i == cut)),
        "the inject is in the week-2 log"
    );
}

#[test]
fn an_inject_fires_once_and_only_while_weeks_run() {
    let scn = tutorial();
    let mut g = Game::new(scn.clone(), 1);
    assert_eq!(g.fire_inject(0), Ok(()));
    assert_eq!(g.fire_inject(0), Err(InjectError::AlreadyFired));
    assert_eq!(g.fire_inject(99), Err(InjectError::Unknown));
    g.apply(Act::WalkAway).ok();
    if g.is_over() {
        assert_eq!(g.fire_inject(1), Err(InjectError::WeeksOver));
    }
}

#[test]
fn a_replay_with_an_inject_verifies_and_an_edited_one_does_not() {
    let scn = tutorial();
    let i = scn.inject_ix("zhao_audit").expect("inject");
    let g = bot(scn.clone(), 11, Policy::Expert);
    let h = with_inject(&g, 3, i);
    assert!(h.is_over());
    let r = Replay::record(&h, "team", None);
    assert_eq!(
        r.injects,
        vec![FiredInject {
            week: 3,
            inject: "zhao_audit".into()
        }]
    );
    let back = Replay::from_json(r.to_json().as_bytes()).expect("reads");
    back.verify(scn.clone()).expect("verifies with its inject");
    // Dropping the inject from the file is an edit.
    let mut v: serde_json::Value = serde_json::from_str(&r.to_json()).expect("json");
    v.as_object_mut().expect("object").remove("injects");
    let edited = Replay::from_json(v.to_string().as_bytes()).expect("reads");
    assert_eq!(edited.verify(scn.clone()).err(), Some(VerifyError::Edited));
    // A replay (digest recomputed) that names an unknown inject is refused plainly.
    let mut forged = r.clone();
    forged.injects[0].inject = "no_such".into();
    let forged = Replay::from_json(
        {
            let mut v = serde_json::to_value(&forged).expect("json");
            v["digest"] = sandtable::replay::canonical_digest(&v).into();
            v.to_string()
        }
        .as_bytes(),
    )
    .expect("reads");
    assert!(
        matches!(
            forged.verify(scn).err(),
            Some(VerifyError::BadInject { .. })
        ),
        "unknown inject refused"
    );
}

#[test]
fn a_replay_without_injects_is_written_as_before() {
    let scn = tutorial();
    let g = bot(scn, 7, Policy::Naive);
    let json = Replay::record(&g, "t", None).to_json();
    assert!(
        !json.contains("\"injects\""),
        "no injects field when none fired"
    );
}

#[test]
fn the_validator_refuses_a_duplicate_inject_id_and_a_dangling_reference() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/tutorial.ron");
    let src = std::fs::read_to_string(path).expect("ships");
    let dup = common::edited(&src, "id: \"zhao_audit\"", "id: \"budget_cut\"");
    let Err(errs) = sandtable::scenario::load_str("t.ron", &dup) else {
        panic!("refused")
    };
    assert!(
        errs.iter()
            .any(|d| d.message.contains("duplicate id `budget_cut`")),
        "{errs:#?}"
    );
    let dangling = common::edited(
        &src,
        "Attitude(who: \"zhao_ming\", delta: -8)",
        "Attitude(who: \"nobody\", delta: -8)",
    );
    let Err(errs) = sandtable::scenario::load_str("t.ron", &dangling) else {
        panic!("refused")
    };
    assert!(
        errs.iter().any(|d| d.message.contains("nobody")),
        "{errs:#?}"
    );
}
