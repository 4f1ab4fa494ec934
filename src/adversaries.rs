//! Adversaries: policies that try to win without the method (issue 10), for the balance
//! gate. Each plays a rep a sales trainer would recognise — the low-price pusher, the one
//! who only pushes paper, the one who types the org chart from the job titles, the
//! relationship type who buys dinners and gifts, the one who starts in the last two weeks,
//! and the one who walks away blind.
//!
//! Like every bot they see only what a player sees: the public `Game` API (legal actions,
//! evidence and its summaries, the account map, who is visible or contacted, support, the
//! week and the tender's dates) and the scenario's public face (people's declared role
//! and circle as the file states them, our list price and cost, the procurement and
//! evaluation method). Nothing here reads the hidden truth.
//!
//! They price with one shared rule ([`reference_price`], [`sensible_price`]): a fraction
//! of the best-supported budget figure in their own evidence, else of our list price, so a
//! loss can never hide behind an over-budget bid.

use crate::bots::Policy;
use crate::scenario::schema::{Circle, KeyInfo, Role};
use crate::sim::knowledge::Summary;
use crate::sim::*;

/// The fraction of the reference price the method-less policies without a price plan of
/// their own bid (the paper-pusher, map-typist, gift-giver and the spam bots).
pub const SENSIBLE: f64 = 0.85;
/// The fraction the passive rep bids: a little under the reference.
pub const PASSIVE: f64 = 0.92;
/// The paper-pusher stops endorsing after this many (today five fill the proof).
const MAX_ENDORSEMENTS: usize = 5;

/// The price levels of the price-cutter, as a fraction of the reference price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PriceCut {
    P70,
    P78,
    P86,
    P94,
}

impl PriceCut {
    pub const ALL: [PriceCut; 4] = [PriceCut::P70, PriceCut::P78, PriceCut::P86, PriceCut::P94];
    pub fn factor(self) -> f64 {
        match self {
            PriceCut::P70 => 0.70,
            PriceCut::P78 => 0.78,
            PriceCut::P86 => 0.86,
            PriceCut::P94 => 0.94,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            PriceCut::P70 => "price-cutter-70",
            PriceCut::P78 => "price-cutter-78",
            PriceCut::P86 => "price-cutter-86",
            PriceCut::P94 => "price-cutter-94",
        }
    }
}

/// The figure a rep without the method prices against: the best-supported budget figure
/// in his own evidence (a published figure, a briefing rumour, what someone said), else
/// our list price.
pub fn reference_price(g: &Game) -> u32 {
    match g.summary(Fact::Key(KeyInfo::Budget)) {
        Some(Summary {
            best: Value::Amount(b),
            ..
        }) if b > 0 => b,
        _ => g.scenario().file.our_company.list_price,
    }
}

/// `f` × the reference price, rounded, never above our list price and never zero.
pub fn sensible_price(g: &Game, f: f64) -> u32 {
    let list = g.scenario().file.our_company.list_price;
    ((reference_price(g) as f64 * f).round() as u32).clamp(1, list.max(1))
}

/// The bid of a policy without a plan: `f` × the reference price, placed in the bid week
/// (when the expert bids too), once.
pub fn sensible_bid(g: &Game, f: f64) -> Option<Act> {
    (g.tender_issued() && g.bid().is_none() && g.week() >= g.bid_week()).then(|| Act::Bid {
        price: sensible_price(g, f),
        emphasis: Emphasis::Technical,
    })
}

/// The tender and the negotiation of a policy without a plan: a balanced stance, and
/// [`sensible_bid`] when it is due.
pub fn tender_moves(g: &Game, f: f64) -> Option<Act> {
    if g.phase() == Phase::Negotiating {
        return Some(Act::Negotiate(Stance::Balanced));
    }
    sensible_bid(g, f)
}

/// The next action of an adversary policy (the last-minute bot's waiting included; its
/// play afterwards is the expert's, in `bots`).
pub fn next(g: &Game, policy: Policy) -> Act {
    match policy {
        Policy::PriceCutter(cut) => price_cutter(g, cut),
        Policy::PaperPusher => paper_pusher(g),
        Policy::MapTypist => map_typist(g),
        Policy::GiftGiver => gift_giver(g),
        Policy::LastMinute => wait(g),
        Policy::WalkAway => walk_away(g),
        Policy::GoThenWalk => match g.stage() {
            Stage::Qualification => wait(g),
            _ => Act::WalkAway,
        },
        Policy::LateWalk => late_walk(g),
        Policy::PartnerHopper => partner_hopper(g),
        _ => Act::EndWeek,
    }
}

/// Learn the tender date from public sources, qualify go, wait, and walk away two weeks
/// before the tender.
fn late_walk(g: &Game) -> Act {
    let known = g.summary(Fact::Key(KeyInfo::Process)).is_some();
    if g.stage() == Stage::Qualification {
        if !known && let Some(a) = legal(g, Act::DeskResearch) {
            return a;
        }
        return wait(g);
    }
    if g.week() + 2 >= g.tender_week() {
        return Act::WalkAway;
    }
    Act::EndWeek
}

/// Wait for the tender; then offer each rival a partnership in turn; bid nothing.
fn partner_hopper(g: &Game) -> Act {
    if g.tender_issued() {
        for v in 1..g.scenario().vendors() {
            if let Some(a) = legal(g, Act::Partner(v)) {
                return a;
            }
        }
    }
    wait(g)
}

/// Qualify go, then let the weeks pass.
fn wait(g: &Game) -> Act {
    if g.stage() == Stage::Qualification && g.check(&Act::Qualify(true)).is_ok() {
        return Act::Qualify(true);
    }
    Act::EndWeek
}

/// The last-minute rep still waits: before `tender_week − 2`, it does nothing but qualify
/// go and end weeks.
pub fn last_minute_waits(g: &Game) -> bool {
    g.week() + 2 < g.tender_week()
}

/// The low-price pusher: no meetings, no work, a bid of `cut` × the reference price.
fn price_cutter(g: &Game, cut: PriceCut) -> Act {
    tender_moves(g, cut.factor()).unwrap_or_else(|| wait(g))
}

/// The blind walk-away: qualifies out in week 1, before learning anything.
fn walk_away(g: &Game) -> Act {
    if g.check(&Act::Qualify(false)).is_ok() {
        Act::Qualify(false)
    } else {
        Act::WalkAway
    }
}

fn legal(g: &Game, a: Act) -> Option<Act> {
    g.check(&a).is_ok().then_some(a)
}

/// Whether `act` was played this week.
fn played_this_week(g: &Game, act: &Act) -> bool {
    g.log()
        .iter()
        .rev()
        .take_while(|e| e.week == g.week())
        .any(|e| matches!(&e.kind, LogKind::Acted { act: a, .. } if a == act))
}

/// The paper-pusher: qualify go, advance whenever legal, clarify when possible, a proposal
/// every week it can, endorsements; nothing aimed at a person.
fn paper_pusher(g: &Game) -> Act {
    if let Some(a) = tender_moves(g, SENSIBLE) {
        return a;
    }
    if g.stage() == Stage::Qualification {
        return wait(g);
    }
    paperwork(g).unwrap_or(Act::EndWeek)
}

/// The paper-pusher's work (shared with the map-typist), if any is left this week.
fn paperwork(g: &Game) -> Option<Act> {
    if let Some(a) = legal(g, Act::Clarification) {
        return Some(a);
    }
    if let Some(a) = legal(g, Act::Advance) {
        return Some(a);
    }
    if !played_this_week(g, &Act::Proposal)
        && let Some(a) = legal(g, Act::Proposal)
    {
        return Some(a);
    }
    let endorsed = g
        .actions()
        .iter()
        .filter(|a| matches!(a, Act::Endorsement))
        .count();
    if endorsed < MAX_ENDORSEMENTS {
        return legal(g, Act::Endorsement);
    }
    None
}

/// A person's role and circle as the scenario file declares them: what a file reader
/// would type from the job title.
pub fn declared(g: &Game, p: P) -> (Role, Circle) {
    let d = &g.scenario().people[p];
    (d.role, d.circle)
}

/// The visible people.
fn visible(g: &Game) -> impl Iterator<Item = P> + '_ {
    (0..g.scenario().people.len()).filter(|&p| g.is_visible(p))
}

/// The beliefs the map-typist types: every visible person's declared role and circle, and
/// the first visible person declared the decision maker as the decision maker.
pub fn typed_beliefs(g: &Game) -> Vec<(Fact, Value)> {
    let mut out = Vec::new();
    for p in visible(g) {
        let (role, circle) = declared(g, p);
        out.push((Fact::Role(p), Value::Role(role)));
        out.push((Fact::Circle(p), Value::Circle(circle)));
    }
    if let Some(dm) = visible(g).find(|&p| declared(g, p).0 == Role::DecisionMaker) {
        out.push((Fact::Key(KeyInfo::Participants), Value::Person(dm)));
    }
    out
}

/// The map-typist: cold-calls everyone visible, types the account map from the file's
/// declared roles and circles, then pushes paper like the paper-pusher.
fn map_typist(g: &Game) -> Act {
    if let Some(a) = tender_moves(g, SENSIBLE) {
        return a;
    }
    if g.stage() == Stage::Qualification {
        return wait(g);
    }
    for (fact, value) in typed_beliefs(g) {
        if g.map().get(fact) != Some(value)
            && let Some(a) = legal(g, Act::Believe(fact, Some(value)))
        {
            return a;
        }
    }
    for p in visible(g) {
        if !g.is_contacted(p)
            && let Some(a) = legal(g, Act::ColdCall(p))
        {
            return a;
        }
    }
    paperwork(g).unwrap_or(Act::EndWeek)
}

/// The visible people, most senior-looking first: by declared circle, the declared
/// decision maker first among equals, then the top of the org chart, then file order.
pub fn by_seniority(g: &Game) -> Vec<P> {
    let scn = g.scenario();
    let mut v: Vec<P> = visible(g).collect();
    v.sort_by_key(|&p| {
        let (role, circle) = declared(g, p);
        (
            std::cmp::Reverse(circle),
            role != Role::DecisionMaker,
            scn.people[p].reports_to.is_some(),
            p,
        )
    });
    v
}

/// The relationship type: cold-calls everyone, then only business meals and gifts, one a
/// person a week, most senior-looking first, alternating (meal first).
fn gift_giver(g: &Game) -> Act {
    if let Some(a) = tender_moves(g, SENSIBLE) {
        return a;
    }
    if g.stage() == Stage::Qualification {
        return wait(g);
    }
    let order = by_seniority(g);
    for &p in &order {
        if !g.is_contacted(p)
            && let Some(a) = legal(g, Act::ColdCall(p))
        {
            return a;
        }
    }
    for &p in &order {
        let (meal, gift) = (Act::BusinessMeal(p), Act::Gift(p));
        if !g.is_contacted(p) || played_this_week(g, &meal) || played_this_week(g, &gift) {
            continue;
        }
        let options = if g.times_used(p, &gift) < g.times_used(p, &meal) {
            [gift, meal]
        } else {
            [meal, gift]
        };
        if let Some(a) = options.into_iter().find_map(|a| legal(g, a)) {
            return a;
        }
    }
    Act::EndWeek
}
