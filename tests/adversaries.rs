//! The adversaries of the balance gate do what they say (each checked on every shipped
//! scenario by replaying its game step by step), and the gate's lines flag what they must.

use sandtable::adversaries::{
    PASSIVE, PriceCut, SENSIBLE, by_seniority, declared, reference_price, sensible_price,
};
use sandtable::bots::{Policy, SpamKind, play};
use sandtable::cli::{GateKind, SimStats, gate};
use sandtable::scenario::{self, schema::KeyInfo, schema::Role};
use sandtable::sim::*;
use std::sync::Arc;

const SEEDS: std::ops::Range<u64> = 1..9;

fn shipped() -> Vec<Arc<Scenario>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let files = scenario::discover(&[dir]).expect("the scenarios folder exists");
    assert!(files.len() >= 8);
    files
        .iter()
        .map(|f| {
            let l = scenario::load_path(f).unwrap_or_else(|d| panic!("{f:?}: {d:?}"));
            Arc::new(Scenario::compile(l.file, l.hash).expect("compiles"))
        })
        .collect()
}

/// Play `policy`, then replay its actions on a fresh game, calling `at` with the game as
/// it stood before each action (the policy saw exactly that state).
fn replay(scn: &Arc<Scenario>, seed: u64, policy: Policy, mut at: impl FnMut(&Game, &Act)) -> Game {
    let played = play(scn.clone(), seed, policy);
    let mut g = Game::new(scn.clone(), seed);
    for a in played.actions() {
        at(&g, a);
        g.apply(*a).expect("a replayed action is legal");
    }
    assert_eq!(g.outcome(), played.outcome(), "the replay ends the same");
    played
}

fn name(scn: &Scenario, seed: u64, p: Policy) -> String {
    format!("{} seed {seed} {}", scn.id(), p.name())
}

/// The bid a rep bids at `f` × the reference, computed here from the evidence itself.
fn expected_price(g: &Game, f: f64) -> u32 {
    let list = g.scenario().file.our_company.list_price;
    let reference = match g.summary(Fact::Key(KeyInfo::Budget)).map(|s| s.best) {
        Some(Value::Amount(b)) if b > 0 => b,
        _ => list,
    };
    ((reference as f64 * f).round() as u32).clamp(1, list)
}

#[test]
fn every_adversary_is_listed_by_name_and_deterministic() {
    for n in [
        "price-cutter-70",
        "price-cutter-78",
        "price-cutter-86",
        "price-cutter-94",
        "paper-pusher",
        "map-typist",
        "gift-giver",
        "last-minute",
        "walk-away",
    ] {
        let p = Policy::from_name(n).unwrap_or_else(|| panic!("{n} is a policy"));
        assert_eq!(p.name(), n);
        assert_eq!(p.is_method_less(), n != "walk-away", "{n}");
    }
    for m in ["expert", "cheater", "walk-away"] {
        assert!(!Policy::from_name(m).unwrap().is_method_less(), "{m}");
    }
    let scn = &shipped()[0];
    for p in Policy::all() {
        let a = play(scn.clone(), 7, p);
        let b = play(scn.clone(), 7, p);
        assert_eq!(a.actions(), b.actions(), "{} is deterministic", p.name());
    }
}

#[test]
fn the_price_cutter_meets_nobody_and_bids_its_fraction_of_the_reference() {
    for scn in shipped() {
        for cut in PriceCut::ALL {
            let p = Policy::PriceCutter(cut);
            for seed in SEEDS {
                let mut bids = 0;
                replay(&scn, seed, p, |g, a| match a {
                    Act::Bid { price, .. } => {
                        bids += 1;
                        assert_eq!(
                            *price,
                            expected_price(g, cut.factor()),
                            "{}",
                            name(&scn, seed, p)
                        );
                        assert_eq!(g.week(), g.bid_week(), "bids in the bid week");
                    }
                    Act::Qualify(true) | Act::EndWeek | Act::Negotiate(Stance::Balanced) => {}
                    other => panic!("{}: the price-cutter played {other:?}", name(&scn, seed, p)),
                });
                assert_eq!(bids, 1, "{}: bids once", name(&scn, seed, p));
            }
        }
    }
}

#[test]
fn the_reference_price_is_the_best_supported_budget_figure() {
    for scn in shipped() {
        let list = scn.file.our_company.list_price;
        for seed in 1..=5 {
            // Every briefing names a figure: the published budget (government) or a rumour.
            let g = Game::new(scn.clone(), seed);
            let Some(Value::Amount(b)) = g.summary(Fact::Key(KeyInfo::Budget)).map(|s| s.best)
            else {
                panic!("{}: the briefing gives no budget figure", scn.id());
            };
            if scn.budget_public() {
                assert_eq!(
                    b,
                    scn.file.project.budget,
                    "{}: the published figure",
                    scn.id()
                );
            }
            assert_eq!(reference_price(&g), b, "{} seed {seed}", scn.id());
            for f in [0.70, 0.78, 0.85, 0.86, 0.92, 0.94] {
                assert_eq!(
                    sensible_price(&g, f),
                    ((b as f64 * f).round() as u32).min(list)
                );
            }
        }
    }
}

#[test]
fn the_paper_pusher_aims_nothing_at_a_person() {
    for scn in shipped() {
        for seed in SEEDS {
            let p = Policy::PaperPusher;
            let mut proposals = 0;
            let g = replay(&scn, seed, p, |g, a| {
                assert_eq!(a.target(), None, "{}: {a:?}", name(&scn, seed, p));
                assert!(!matches!(a, Act::Believe(..)), "{}", name(&scn, seed, p));
                if let Act::Bid { price, .. } = a {
                    assert_eq!(*price, expected_price(g, SENSIBLE));
                }
                if matches!(a, Act::Proposal) {
                    proposals += 1;
                }
            });
            if scn.file.trap || g.stage() < Stage::Technical {
                continue;
            }
            assert!(
                proposals >= 2,
                "{}: proposals every week",
                name(&scn, seed, p)
            );
            let endorsements = g.actions().iter().filter(|a| matches!(a, Act::Endorsement));
            assert!(endorsements.count() >= 1, "{}", name(&scn, seed, p));
            let advances = g.actions().iter().filter(|a| matches!(a, Act::Advance));
            assert_eq!(
                advances.count(),
                2,
                "{}: advances twice",
                name(&scn, seed, p)
            );
        }
    }
}

#[test]
fn the_map_typist_types_the_files_roles_and_pushes_paper() {
    for scn in shipped() {
        for seed in SEEDS {
            let p = Policy::MapTypist;
            let g = replay(&scn, seed, p, |g, a| {
                assert!(
                    a.target().is_none() || matches!(a, Act::ColdCall(_)),
                    "{}: only cold calls are aimed at people, got {a:?}",
                    name(&scn, seed, p)
                );
                if let Act::Bid { price, .. } = a {
                    assert_eq!(*price, expected_price(g, SENSIBLE));
                }
            });
            let visible: Vec<P> = (0..scn.people.len()).filter(|&x| g.is_visible(x)).collect();
            for &x in &visible {
                let (role, circle) = declared(&g, x);
                assert_eq!(
                    g.map().people[x].role,
                    Some(role),
                    "{}",
                    name(&scn, seed, p)
                );
                assert_eq!(
                    g.map().people[x].circle,
                    Some(circle),
                    "{}",
                    name(&scn, seed, p)
                );
                assert!(
                    g.is_contacted(x),
                    "{}: cold-calls everyone",
                    name(&scn, seed, p)
                );
            }
            let dm = visible
                .iter()
                .copied()
                .find(|&x| scn.people[x].role == Role::DecisionMaker);
            if dm.is_some() {
                assert_eq!(g.map().decision_maker, dm, "{}", name(&scn, seed, p));
            }
            // Typing is all it knows: no belief other than role, circle and decision maker.
            for a in g.actions() {
                if let Act::Believe(f, _) = a {
                    assert!(
                        matches!(
                            f,
                            Fact::Role(_) | Fact::Circle(_) | Fact::Key(KeyInfo::Participants)
                        ),
                        "{}: {f:?}",
                        name(&scn, seed, p)
                    );
                }
            }
        }
    }
}

#[test]
fn the_gift_giver_only_dines_and_gives_most_senior_first() {
    for scn in shipped() {
        for seed in SEEDS {
            let p = Policy::GiftGiver;
            let mut first: Option<(P, P)> = None;
            replay(&scn, seed, p, |g, a| {
                match a {
                    Act::ColdCall(_) | Act::BusinessMeal(_) | Act::Gift(_) => {}
                    a if a.target().is_some() => panic!("{}: {a:?}", name(&scn, seed, p)),
                    Act::Bid { price, .. } => assert_eq!(*price, expected_price(g, SENSIBLE)),
                    _ => {}
                }
                if let Act::BusinessMeal(x) = a
                    && first.is_none()
                {
                    let top = by_seniority(g).into_iter().find(|&q| g.is_contacted(q));
                    first = Some((*x, top.expect("someone is contacted")));
                }
            });
            if let Some((x, top)) = first {
                assert_eq!(
                    x,
                    top,
                    "{}: the first meal goes to the most senior",
                    name(&scn, seed, p)
                );
            }
        }
    }
}

#[test]
fn the_last_minute_rep_acts_on_no_one_before_two_weeks_ahead_of_the_tender() {
    for scn in shipped() {
        for seed in SEEDS {
            let p = Policy::LastMinute;
            let mut worked_late = false;
            replay(&scn, seed, p, |g, a| {
                if g.week() + 2 < g.tender_week() {
                    assert!(
                        matches!(a, Act::Qualify(true) | Act::EndWeek),
                        "{}: week {} (tender {}) played {a:?}",
                        name(&scn, seed, p),
                        g.week(),
                        g.tender_week()
                    );
                } else if a.target().is_some() {
                    worked_late = true;
                }
            });
            assert!(
                worked_late,
                "{}: works in the last two weeks",
                name(&scn, seed, p)
            );
        }
    }
}

#[test]
fn the_walk_away_qualifies_out_in_week_one() {
    for scn in shipped() {
        let g = play(scn.clone(), 1, Policy::WalkAway);
        assert_eq!(g.actions(), &[Act::Qualify(false)], "{}", scn.id());
        assert_eq!(
            g.outcome(),
            Some(Outcome::WalkedAway { week: 1 }),
            "{}",
            scn.id()
        );
    }
}

#[test]
fn spam_and_passive_bots_bid_sensible_prices() {
    for scn in shipped() {
        for seed in SEEDS {
            for (p, f) in SpamKind::ALL
                .iter()
                .map(|k| (Policy::Spam(*k), SENSIBLE))
                .chain([(Policy::Passive, PASSIVE)])
            {
                let mut bids = 0;
                replay(&scn, seed, p, |g, a| {
                    if let Act::Bid { price, .. } = a {
                        bids += 1;
                        assert_eq!(*price, expected_price(g, f), "{}", name(&scn, seed, p));
                        assert!(*price <= scn.file.our_company.list_price);
                    }
                });
                if p == Policy::Passive {
                    assert_eq!(bids, 1, "{}: the passive rep bids", name(&scn, seed, p));
                }
            }
        }
    }
    assert_eq!((SENSIBLE, PASSIVE), (0.85, 0.92));
}

// ------------------------------------------------------------------------------------
// The gate on fabricated statistics.

fn stats(policy: &str, win: f64, mean: f64) -> SimStats {
    SimStats {
        scenario: "made_up".into(),
        policy: policy.into(),
        runs: 100,
        win_rate: win,
        win_margin_rate: win,
        walk_rate: 0.0,
        disqualified_rate: 0.0,
        score_mean: mean,
        score_p10: mean,
        score_p50: mean,
        score_p90: mean,
        weeks_mean: 10.0,
        key_people: vec![],
        top_actions: vec![],
        openings: vec![],
    }
}

/// A report where the method wins and nothing else does.
fn healthy() -> Vec<SimStats> {
    Policy::all()
        .into_iter()
        .map(|p| match p.name() {
            "expert" => stats("expert", 0.9, 70.0),
            "walk-away" => stats("walk-away", 0.0, 20.0),
            n => stats(n, 0.02, 30.0),
        })
        .collect()
}

fn set(v: &mut [SimStats], policy: &str, f: impl FnOnce(&mut SimStats)) {
    f(v.iter_mut().find(|s| s.policy == policy).expect("a policy"));
}

fn failing(checks: &[(String, bool)]) -> Vec<&str> {
    checks
        .iter()
        .filter(|c| !c.1)
        .map(|c| c.0.as_str())
        .collect()
}

const PLAIN: GateKind = GateKind {
    tutorial: false,
    trap: false,
    lowest_price_target: None,
};

#[test]
fn the_gate_passes_a_healthy_report() {
    let (notes, checks) = gate(PLAIN, &healthy());
    assert!(failing(&checks).is_empty(), "{checks:?}");
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("best price-cutter variant: price-cutter-"))
    );
}

#[test]
fn the_gate_flags_a_method_less_policy_at_30_percent() {
    for p in [
        "paper-pusher",
        "map-typist",
        "gift-giver",
        "last-minute",
        "passive",
        "spam-fabe",
        "naive",
        "random",
    ] {
        let mut v = healthy();
        set(&mut v, p, |s| s.win_rate = 0.3);
        set(&mut v, p, |s| s.win_margin_rate = 0.3);
        let (_, checks) = gate(PLAIN, &v);
        let bad = failing(&checks);
        assert_eq!(bad.len(), 1, "{p}: {bad:?}");
        assert!(
            bad[0].starts_with(&format!("{p} wins")) && bad[0].contains("30.0%"),
            "{bad:?}"
        );
    }
}

#[test]
fn the_gate_judges_the_price_cutter_on_its_best_variant() {
    let mut v = healthy();
    set(&mut v, "price-cutter-78", |s| {
        s.win_rate = 0.3;
        s.win_margin_rate = 0.3;
    });
    let (notes, checks) = gate(PLAIN, &v);
    assert!(
        notes[0].starts_with("best price-cutter variant: price-cutter-78"),
        "{notes:?}"
    );
    assert_eq!(failing(&checks).len(), 1);
    assert!(failing(&checks)[0].starts_with("price-cutter-78 wins"));
    // Only the best variant gets a line.
    assert_eq!(
        checks
            .iter()
            .filter(|c| c.0.starts_with("price-cutter-"))
            .count(),
        1
    );
    // Ties in wins go to the better mean.
    let mut v = healthy();
    set(&mut v, "price-cutter-94", |s| s.score_mean = 33.0);
    let (notes, _) = gate(PLAIN, &v);
    assert!(
        notes[0].starts_with("best price-cutter variant: price-cutter-94"),
        "{notes:?}"
    );
}

#[test]
fn under_lowest_price_only_wins_at_margin_count() {
    let lowest = GateKind {
        lowest_price_target: Some(0.25),
        ..PLAIN
    };
    let mut v = healthy();
    // A price war: every win at a thin margin.
    set(&mut v, "price-cutter-70", |s| {
        s.win_rate = 1.0;
        s.win_margin_rate = 0.0;
    });
    assert!(failing(&gate(lowest, &v).1).is_empty());
    assert_eq!(
        failing(&gate(PLAIN, &v).1).len(),
        1,
        "elsewhere the win counts"
    );
    set(&mut v, "price-cutter-70", |s| s.win_margin_rate = 0.3);
    let (_, checks) = gate(lowest, &v);
    let bad = failing(&checks);
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(bad[0].contains("at a margin ≥ 12.5%"), "{bad:?}");
}

#[test]
fn the_gate_wants_a_20_point_lead_and_a_costly_walk_away() {
    let mut v = healthy();
    set(&mut v, "map-typist", |s| s.score_mean = 55.0);
    let bad = gate(PLAIN, &v).1;
    assert_eq!(failing(&bad).len(), 1);
    assert!(failing(&bad)[0].contains("(map-typist) + 20"));
    // Any price-cutter variant's mean counts, not only the judged one.
    let mut v = healthy();
    set(&mut v, "price-cutter-94", |s| s.score_mean = 55.0);
    assert!(failing(&gate(PLAIN, &v).1)[0].contains("(price-cutter-94) + 20"));
    let mut v = healthy();
    set(&mut v, "walk-away", |s| s.score_mean = 26.0);
    assert!(failing(&gate(PLAIN, &v).1)[0].starts_with("always walking away"));
    let mut v = healthy();
    set(&mut v, "expert", |s| s.win_rate = 0.55);
    assert!(failing(&gate(PLAIN, &v).1)[0].starts_with("expert wins ≥ 60%"));
    let mut v = healthy();
    set(&mut v, "cheater", |s| s.score_mean = 71.0);
    assert!(failing(&gate(PLAIN, &v).1)[0].starts_with("cheater mean"));
}

#[test]
fn on_a_trap_the_expert_walks_and_the_blind_walk_scores_20_less() {
    let trap = GateKind {
        trap: true,
        ..PLAIN
    };
    let mut v = healthy();
    set(&mut v, "expert", |s| {
        s.win_rate = 0.0;
        s.win_margin_rate = 0.0;
        s.walk_rate = 0.9;
        s.score_mean = 58.0;
    });
    set(&mut v, "walk-away", |s| s.score_mean = 30.0);
    let (_, checks) = gate(trap, &v);
    assert!(failing(&checks).is_empty(), "{checks:?}");
    assert!(
        !checks.iter().any(|c| c.0.starts_with("expert wins")),
        "no win line on a trap"
    );
    set(&mut v, "walk-away", |s| s.score_mean = 57.75);
    assert!(failing(&gate(trap, &v).1)[0].starts_with("blind week-1 walk-away"));
    set(&mut v, "walk-away", |s| s.score_mean = 30.0);
    set(&mut v, "expert", |s| s.walk_rate = 0.7);
    assert!(failing(&gate(trap, &v).1)[0].starts_with("expert walks away"));
}

#[test]
fn the_tutorial_has_its_own_bar() {
    let tutorial = GateKind {
        tutorial: true,
        ..PLAIN
    };
    let mut v = healthy();
    set(&mut v, "paper-pusher", |s| s.win_rate = 0.2);
    set(&mut v, "expert", |s| s.score_mean = 40.0);
    let (_, checks) = gate(tutorial, &v);
    assert!(
        failing(&checks).is_empty(),
        "25% allowed, no 20-point line: {checks:?}"
    );
    set(&mut v, "paper-pusher", |s| s.win_rate = 0.3);
    assert!(failing(&gate(tutorial, &v).1)[0].starts_with("paper-pusher wins ≤ 25.0%"));
    let mut v = healthy();
    set(&mut v, "expert", |s| s.win_rate = 0.75);
    assert!(failing(&gate(tutorial, &v).1)[0].starts_with("expert wins ≥ 80%"));
    let mut v = healthy();
    set(&mut v, "random", |s| s.win_rate = 0.2);
    assert_eq!(
        failing(&gate(tutorial, &v).1),
        vec!["random wins ≤ 15% (got 20.0%)"]
    );
}
