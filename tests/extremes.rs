//! Arithmetic cannot overflow: scenarios generated anywhere inside the documented ranges
//! (often at their very ends) load, and every bot and random play on them runs without a
//! panic. Tests build with overflow checks on, so an overflow is a failure here.

use proptest::prelude::*;
use sandtable::bots::{Policy, play};
use sandtable::scenario::load::parse;
use sandtable::scenario::load_str;
use sandtable::scenario::schema::{Effect, EventDef, ScenarioFile, Trigger};
use sandtable::scenario::validate::{MAX_ATTITUDE_DELTA, MAX_MONEY, MAX_SHAPE_AMOUNT};
use sandtable::sim::{Game, Scenario};
use std::sync::Arc;

const MINIMAL: &str = include_str!("golden/validate/minimal_valid.ron");

/// A value in `lo..=hi`, one time in three at an end of the range.
fn edge_u32(lo: u32, hi: u32) -> impl Strategy<Value = u32> {
    prop_oneof![Just(lo), Just(hi), lo..=hi]
}

fn edge_i32(lo: i32, hi: i32) -> impl Strategy<Value = i32> {
    prop_oneof![Just(lo), Just(hi), lo..=hi]
}

fn edge_f64(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    prop_oneof![Just(lo), Just(hi), lo..=hi]
}

/// The numbers a generated scenario sets, each within its documented range.
#[derive(Debug, Clone)]
struct Knobs {
    budget: u32,
    list_price: u32,
    cost_frac: f64,
    expense: f64,
    rep_days: u32,
    presales_days: u32,
    exec_visits: u32,
    attitudes: Vec<i32>,
    spread: i32,
    rival: (u32, u32, u32, f64),
    outside_experts: u32,
    cut: i32,
    raise: i32,
    shape: i32,
    att_delta: i32,
    tuning_ints: Vec<i32>,
    tuning_floats: Vec<f64>,
    expense_cost: f64,
    seed: u64,
}

fn knobs() -> impl Strategy<Value = Knobs> {
    (
        (
            edge_u32(2, MAX_MONEY),
            edge_u32(2, MAX_MONEY),
            0.0f64..1.0,
            edge_f64(0.0, f64::from(MAX_MONEY)),
            edge_u32(1, 7),
            edge_u32(0, 7),
            edge_u32(0, 20),
        ),
        (
            prop::collection::vec(edge_i32(-100, 100), 4),
            edge_i32(0, 50),
            (
                edge_u32(0, 100),
                edge_u32(0, 100),
                edge_u32(0, 100),
                prop_oneof![Just(2.0), Just(1e-9), 1e-9f64..=2.0],
            ),
            edge_u32(0, 20),
        ),
        (
            0.0f64..=1.0,
            0.0f64..=1.0,
            edge_i32(-MAX_SHAPE_AMOUNT, MAX_SHAPE_AMOUNT),
            edge_i32(-MAX_ATTITUDE_DELTA, MAX_ATTITUDE_DELTA),
            prop::collection::vec(
                prop_oneof![Just(0), Just(100), Just(-100), -100i32..=100],
                10,
            ),
            prop::collection::vec(prop_oneof![Just(0.0), Just(1.0), 0.0f64..=1.0], 6),
            edge_f64(0.0, f64::from(MAX_MONEY)),
            any::<u64>(),
        ),
    )
        .prop_map(|(a, b, c)| Knobs {
            budget: a.0,
            list_price: a.1,
            cost_frac: a.2,
            expense: a.3,
            rep_days: a.4,
            presales_days: a.5,
            exec_visits: a.6,
            attitudes: b.0,
            spread: b.1,
            rival: b.2,
            outside_experts: b.3,
            // Fractions of what the budget allows, so the cumulative rules hold.
            cut: -((f64::from(a.0 - 1) * c.0 / 2.0).floor() as i32),
            raise: ((f64::from(MAX_MONEY - a.0) * c.1 / 2.0).floor() as i32),
            shape: c.2,
            att_delta: c.3,
            tuning_ints: c.4,
            tuning_floats: c.5,
            expense_cost: c.6,
            seed: c.7,
        })
}

fn build(k: &Knobs) -> ScenarioFile {
    let mut f = parse("minimal_valid.ron", MINIMAL).expect("the minimal scenario parses");
    f.project.budget = k.budget;
    f.project.outside_experts = k.outside_experts;
    f.our_company.list_price = k.list_price;
    f.our_company.cost = ((f64::from(k.list_price) * k.cost_frac) as u32).min(k.list_price - 1);
    f.resources.expense_budget = k.expense;
    f.resources.rep_days = k.rep_days;
    f.resources.presales_days = k.presales_days;
    f.resources.executive_visits = k.exec_visits;
    for (s, a) in f.stakeholders.iter_mut().zip(&k.attitudes) {
        s.attitude = *a;
        s.attitude_spread = k.spread;
    }
    let r = &mut f.rivals[0];
    (
        r.technical_strength,
        r.brand,
        r.aggressiveness,
        r.price_ratio,
    ) = k.rival;
    let rival = r.id.clone();
    let who = f.stakeholders[1].id.clone();
    f.events = vec![EventDef {
        effects: vec![
            Effect::Budget { delta: k.cut },
            Effect::Budget { delta: k.cut },
            Effect::Budget { delta: k.raise },
            Effect::RivalShapes {
                rival: rival.clone(),
                amount: k.shape,
            },
            Effect::RivalShapes {
                rival: rival.clone(),
                amount: k.shape,
            },
            Effect::Attitude {
                who: who.clone(),
                delta: k.att_delta,
            },
            Effect::RivalAttitude {
                who,
                rival,
                delta: k.att_delta,
            },
        ],
        trigger: Trigger::Week(2),
        ..f.events[0].clone()
    }];
    let t = &mut f.tuning;
    let i = &k.tuning_ints;
    t.bypass_penalty = i[0].abs();
    t.offence_drop = i[1].abs();
    t.owner_offence_ripple = i[2].abs();
    t.informant_attitude = i[3];
    t.sponsor_attitude = i[4];
    t.coach_attitude = i[5];
    t.shape_attitude = i[6];
    t.shape_gain = i[7].abs();
    t.barrier_at = i[8].abs();
    t.rival_shape_gain = i[9].abs();
    let x = &k.tuning_floats;
    t.spec_weight = x[0] * 10.0;
    t.bias_limit = x[1] * 100.0;
    t.compliance_threshold = x[2] * 100.0;
    t.proposal_share = x[3];
    t.writer_gain = x[3] * 20.0;
    t.abnormal_low = x[4];
    t.rival_insider_attitude = i[6];
    // Who decides varies with the seed: the first two people may swap.
    if f.stakeholders.len() >= 2 {
        f.project.role_swaps = vec![sandtable::scenario::schema::RoleSwap {
            a: f.stakeholders[0].id.clone(),
            b: f.stakeholders[1].id.clone(),
            chance: x[5],
        }];
    }
    t.proposal_gain = x[4] * 100.0;
    t.rival_court_gain = x[5] * 100.0;
    t.cost_demo.expense = k.expense_cost;
    f
}

/// Load the generated file through the real loader (RON text, validation, compile).
fn load(f: &ScenarioFile) -> Result<Arc<Scenario>, String> {
    let text = ron::ser::to_string_pretty(f, ron::ser::PrettyConfig::default())
        .map_err(|e| e.to_string())?;
    let l = load_str("generated.ron", &text).map_err(|d| format!("{d:#?}"))?;
    Scenario::compile(l.file, l.hash)
        .map(Arc::new)
        .map_err(|e| e.to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// In-range scenarios are accepted, and no policy's game on them panics or overflows.
    #[test]
    fn every_in_range_scenario_plays_without_overflow(k in knobs()) {
        let f = build(&k);
        let scn = load(&f).map_err(|e| TestCaseError::fail(format!("{k:?}\n{e}")))?;
        for p in Policy::all() {
            let g = play(scn.clone(), k.seed, p);
            prop_assert!(g.is_over());
            let s = g.scorecard();
            prop_assert!(s.total.is_finite() && (0.0..=100.0).contains(&s.total), "{}", s.total);
        }
        // Every legal action of the first week, at the extremes.
        let g = Game::new(scn.clone(), k.seed);
        for a in g.legal_actions() {
            let mut h = g.clone();
            let _ = h.apply(a);
        }
    }
}

/// The engine does not lean on the validator: with numbers far past the documented ranges
/// (as the overflow report found them: a list price of 42,949,673 and more, a rival shaping
/// near `i32::MAX`, huge shape gains) it computes with wider or saturating arithmetic, and a
/// bid of the list price stays the list price.
#[test]
fn the_engine_computes_beyond_the_ranges_without_overflow() {
    let mut f = parse("minimal_valid.ron", MINIMAL).expect("parses");
    f.project.budget = u32::MAX;
    f.our_company.list_price = u32::MAX;
    f.our_company.cost = 42_949_673;
    f.tuning.shape_gain = i32::MAX;
    f.tuning.rival_shape_gain = i32::MAX;
    let rival = f.rivals[0].id.clone();
    f.events[0].effects = vec![
        Effect::RivalShapes {
            rival: rival.clone(),
            amount: i32::MAX,
        },
        Effect::RivalShapes {
            rival,
            amount: i32::MAX,
        },
    ];
    let scn = Arc::new(Scenario::compile(f, "0".repeat(64)).expect("compiles"));
    for p in Policy::all() {
        for seed in 0..4 {
            let g = play(scn.clone(), seed, p);
            assert!(g.is_over());
            for v in 0..scn.vendors() {
                assert!((0..=100).contains(&g.spec(v)), "{} {}", p.name(), g.spec(v));
            }
            if let Some(b) = g.bid() {
                assert!(b.price > 1, "{}: a bid of {}", p.name(), b.price);
            }
        }
    }
}
