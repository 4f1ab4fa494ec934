//! Invariants for any legal play: no panic, values in range, the game ends, the same
//! actions give the same result, and a replay verifies until any field of it is edited.

use proptest::prelude::*;
use sandtable::replay::Replay;
use sandtable::scenario;
use sandtable::sim::*;
use std::sync::Arc;

fn load(rel: &str) -> Arc<Scenario> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let l = scenario::load_path(&path).expect("valid");
    Arc::new(Scenario::compile(l.file, l.hash).expect("compiles"))
}

fn scenarios() -> Vec<Arc<Scenario>> {
    vec![
        load("tests/fixtures/hospital_lab.ron"),
        load("tests/golden/validate/minimal_valid.ron"),
        load("scenarios/expert_reshuffle.ron"),
    ]
}

/// Apply `a`, checking that who is on the map changed only if [`Game::cast_changes`] moved
/// (the expert bot re-reads the map only then).
fn apply(g: &mut Game, a: Act) -> Result<(), Illegal> {
    let cast = |g: &Game| {
        let seen: Vec<bool> = (0..g.scenario().people.len())
            .map(|p| g.is_visible(p))
            .collect();
        (g.cast_changes(), seen)
    };
    let before = cast(g);
    let r = g.apply(a);
    let after = cast(g);
    assert!(
        after.0 != before.0 || after.1 == before.1,
        "{a:?} changed who is on the map without moving cast_changes"
    );
    r
}

/// Play a random legal sequence: each step picks from the legal actions (and now and then
/// a random belief) by the given choices; bounded so it always ends.
fn random_play(scn: &Arc<Scenario>, seed: u64, choices: &[u16]) -> Game {
    let mut g = Game::new(scn.clone(), seed);
    let n = scn.people.len();
    for (i, c) in choices.iter().enumerate() {
        if g.is_over() {
            break;
        }
        let c = *c as usize;
        if c.is_multiple_of(7) {
            let p = c / 7 % n;
            let fact = [
                Fact::Role(p),
                Fact::Style(p),
                Fact::Allegiance(p),
                Fact::Rank,
            ][c / 3 % 4];
            let value = match fact {
                Fact::Role(_) => Value::Role(scenario::schema::Role::TechnicalLead),
                Fact::Style(_) => Value::Style(scenario::schema::Style::Driver),
                Fact::Allegiance(_) => Value::Vendor(c % scn.vendors()),
                _ => Value::Rank((c % 4) as u8),
            };
            apply(&mut g, Act::Believe(fact, Some(value))).expect("beliefs are always legal");
            continue;
        }
        let legal = g.legal_actions();
        if legal.is_empty() {
            break;
        }
        let mut a = legal[c % legal.len()];
        if let Act::Bid { emphasis, .. } = a {
            a = Act::Bid {
                price: 1 + (c as u32 * 7919) % (scn.file.project.budget * 2),
                emphasis,
            };
        }
        // Walking away is rare, so games run long enough to reach the tender.
        if matches!(a, Act::WalkAway | Act::Qualify(false)) && i < choices.len() * 3 / 4 {
            a = Act::EndWeek;
        }
        apply(&mut g, a).expect("a listed action is legal");
    }
    // Finish: end weeks, bid and negotiate until over.
    let mut guard = 0;
    while !g.is_over() && guard < 200 {
        guard += 1;
        if g.phase() == Phase::Negotiating {
            apply(&mut g, Act::Negotiate(Stance::Balanced)).expect("negotiate");
        } else {
            apply(&mut g, Act::EndWeek).expect("end week is always legal while playing");
        }
    }
    g
}

fn check_ranges(g: &Game) -> Result<(), TestCaseError> {
    let scn = g.scenario();
    for p in 0..scn.people.len() {
        prop_assert!((-100.0..=100.0).contains(&g.true_attitude(p)));
        prop_assert!((0.0..=100.0).contains(&g.true_trust(p)));
        for v in 1..scn.vendors() {
            prop_assert!((-100.0..=100.0).contains(&g.true_rival_attitude(p, v)));
        }
    }
    let s = g.scorecard();
    prop_assert!((0.0..=100.0).contains(&s.total), "total {}", s.total);
    for c in &s.components {
        prop_assert!((0.0..=100.0).contains(&c.points), "{} = {}", c.id, c.points);
    }
    prop_assert!((s.components.iter().map(|c| c.weight).sum::<f64>() - 100.0).abs() < 1e-9);
    prop_assert!(g.spent() <= g.expense_budget() + 1e-9);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_legal_play_stays_in_range_ends_and_is_deterministic(
        which in 0usize..3,
        seed in any::<u64>(),
        choices in proptest::collection::vec(any::<u16>(), 0..400),
    ) {
        let scn = &scenarios()[which];
        let g = random_play(scn, seed, &choices);
        prop_assert!(g.is_over(), "the game ends");
        check_ranges(&g)?;
        // Same scenario, seed and actions: the same result.
        let mut again = Game::new(scn.clone(), seed);
        for a in g.actions() {
            again.apply(*a).expect("the same actions are legal again");
        }
        prop_assert_eq!(again.scorecard(), g.scorecard());
        prop_assert_eq!(again.outcome(), g.outcome());
        prop_assert_eq!(again.history(), g.history());
    }

    #[test]
    fn a_replay_verifies_and_any_edit_is_rejected(
        seed in 0u64..1000,
        choices in proptest::collection::vec(any::<u16>(), 0..200),
        field in 0usize..9,
        bump in 1u64..50,
    ) {
        let scn = scenarios()[0].clone();
        let g = random_play(&scn, seed, &choices);
        let r = Replay::record(&g, "Team", None);
        prop_assert!(r.verify(scn.clone()).is_ok(), "{:?}", r.verify(scn.clone()).err());
        // Round-trip through JSON first: what is written is what verifies.
        let back: Replay = serde_json::from_str(&r.to_json()).expect("JSON round trip");
        prop_assert!(back.verify(scn.clone()).is_ok());
        let mut e = back.clone();
        match field {
            0 => e.seed = e.seed.wrapping_add(bump),
            1 => e.score.total += bump as f64 / 10.0,
            2 => e.team.push('X'),
            3 => e.weeks += 1,
            4 => e.scenario_hash = "0".repeat(64),
            5 => e.outcome = Outcome::Won { price: 1, margin: 0.5 },
            6 => e.actions.push("end_week".into()),
            7 => e.map_snapshots.clear(),
            _ => e.score.components[0].points += 1.0,
        }
        prop_assert!(e.verify(scn.clone()).is_err(), "edit {field} was not caught");
        // Even a re-computed digest does not hide an edit of the result.
        if matches!(field, 1 | 3 | 5 | 7 | 8) {
            e.digest = e.compute_digest();
            prop_assert!(e.verify(scn.clone()).is_err(), "edit {field} with a fresh digest was not caught");
        }
    }
}
