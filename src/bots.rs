//! Built-in policies that play the engine headlessly through the same API as a player, and
//! see only what a player sees: random, naive, expert, cheater, and single-action spam;
//! the adversaries that play without the method are in `adversaries`.

use crate::adversaries::{self, PriceCut};
use crate::scenario::schema::{Circle, Evaluation, KeyInfo, Need, Role, Style};
use crate::sim::dice::Dice;
use crate::sim::game::kind_ix;
use crate::sim::knowledge::Summary;
use crate::sim::rules::repetition;
use crate::sim::tuning::Effect;
use crate::sim::*;
use std::sync::Arc;

/// A policy name as used on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Policy {
    Random,
    Naive,
    Expert,
    Cheater,
    /// Meets nobody: waits for the tender and bids 8% under the reference price (the rep
    /// who "answers tenders"). Wins only where the account needs no selling.
    Passive,
    /// Repeat one kind of action on the same person, then bid a sensible price
    /// ([`adversaries::sensible_bid`]).
    Spam(SpamKind),
    /// Adversaries that play without the method (`src/adversaries.rs`): no meetings, a
    /// bid at a fraction of the reference price.
    PriceCutter(PriceCut),
    /// Proposals, endorsements and stage advances only.
    PaperPusher,
    /// Cold-calls everyone, types the map from the file, then pushes paper.
    MapTypist,
    /// Cold-calls, then only business meals and gifts.
    GiftGiver,
    /// Waits until two weeks before the tender, then plays as the expert.
    LastMinute,
    /// Qualifies out blind in week 1.
    WalkAway,
    /// Qualifies go, then walks away at once (the red team's "go, then leave").
    GoThenWalk,
    /// Desk research until the schedule is known, qualifies go, waits, and walks away two
    /// weeks before the tender (hoping the deal looks lost by then).
    LateWalk,
    /// Waits for the tender, then offers a partnership to each rival in turn.
    PartnerHopper,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpamKind {
    Fabe,
    Rapport,
    Meal,
    Seminar,
    Demo,
    DeskResearch,
    Gift,
}

impl SpamKind {
    pub const ALL: [SpamKind; 7] = [
        SpamKind::Fabe,
        SpamKind::Rapport,
        SpamKind::Meal,
        SpamKind::Seminar,
        SpamKind::Demo,
        SpamKind::DeskResearch,
        SpamKind::Gift,
    ];
    pub fn name(self) -> &'static str {
        match self {
            SpamKind::Fabe => "spam-fabe",
            SpamKind::Rapport => "spam-rapport",
            SpamKind::Meal => "spam-meal",
            SpamKind::Seminar => "spam-seminar",
            SpamKind::Demo => "spam-demo",
            SpamKind::DeskResearch => "spam-desk-research",
            SpamKind::Gift => "spam-gift",
        }
    }
}

impl Policy {
    pub fn all() -> Vec<Policy> {
        let mut v = vec![
            Policy::Random,
            Policy::Naive,
            Policy::Expert,
            Policy::Cheater,
            Policy::Passive,
        ];
        v.extend(SpamKind::ALL.iter().map(|k| Policy::Spam(*k)));
        v.extend(PriceCut::ALL.iter().map(|c| Policy::PriceCutter(*c)));
        v.extend([
            Policy::PaperPusher,
            Policy::MapTypist,
            Policy::GiftGiver,
            Policy::LastMinute,
            Policy::WalkAway,
            Policy::GoThenWalk,
            Policy::LateWalk,
            Policy::PartnerHopper,
        ]);
        v
    }
    /// Plays without the method: judged by the balance gate's "no method-less policy
    /// wins" lines (all but the expert, the cheater and the blind walk-away).
    pub fn is_method_less(self) -> bool {
        !matches!(self, Policy::Expert | Policy::Cheater | Policy::WalkAway)
    }
    pub fn name(self) -> &'static str {
        match self {
            Policy::Random => "random",
            Policy::Naive => "naive",
            Policy::Expert => "expert",
            Policy::Cheater => "cheater",
            Policy::Passive => "passive",
            Policy::Spam(k) => k.name(),
            Policy::PriceCutter(c) => c.name(),
            Policy::PaperPusher => "paper-pusher",
            Policy::MapTypist => "map-typist",
            Policy::GiftGiver => "gift-giver",
            Policy::LastMinute => "last-minute",
            Policy::WalkAway => "walk-away",
            Policy::GoThenWalk => "go-then-walk",
            Policy::LateWalk => "late-walk",
            Policy::PartnerHopper => "partner-hopper",
        }
    }
    pub fn from_name(s: &str) -> Option<Policy> {
        Policy::all().into_iter().find(|p| p.name() == s)
    }
}

/// Upper bound on actions in one game, so a policy bug can never hang a run.
const MAX_ACTIONS: usize = 4000;

/// A policy that chooses one action at a time for a game driven from elsewhere (a workshop
/// room's bot teams): the same choices as [`play`] makes, given the same game.
pub struct Stepper(Bot);

impl Stepper {
    pub fn new(policy: Policy, seed: u64) -> Stepper {
        Stepper(Bot::new(policy, seed))
    }
    /// The action the policy plays next in `g` (possibly illegal: a refused action costs
    /// a turn, as in [`play`]). `g` must only ever move forward between calls.
    pub fn next(&mut self, g: &Game) -> Act {
        self.0.next(g)
    }
}

/// Play a whole game with `policy` and return it finished.
pub fn play(scn: Arc<Scenario>, seed: u64, policy: Policy) -> Game {
    play_with_injects(scn, seed, policy, &[])
}

/// Play a whole game with `policy`, firing each `(week, inject)` as the game enters that
/// week (what a workshop room's facilitator does); [`play`] fires none.
pub fn play_with_injects(
    scn: Arc<Scenario>,
    seed: u64,
    policy: Policy,
    injects: &[(u32, usize)],
) -> Game {
    let mut g = Game::new(scn, seed);
    let mut bot = Bot::new(policy, seed);
    let mut guard = 0;
    while !g.is_over() && guard < MAX_ACTIONS {
        for &(week, i) in injects {
            if g.week() == week && !g.injects().iter().any(|&(_, j)| j == i) {
                let _ = g.fire_inject(i);
            }
        }
        let act = bot.next(&g);
        if g.apply(act).is_err() {
            // A refused action costs a turn: end the week so play always advances.
            let _ = g.apply(Act::EndWeek);
        }
        guard += 1;
    }
    if !g.is_over() {
        let _ = g.apply(Act::WalkAway);
    }
    g
}

struct Bot {
    policy: Policy,
    dice: Dice,
    spam_target: Option<P>,
    /// Evidence count at which the expert's map was last in step with its evidence.
    synced: usize,
    /// Beliefs still to record to bring the map in step, in reverse order (next last).
    pending: Vec<Act>,
    /// The expert's reading of the evidence, and the evidence count it was read at.
    read: Read,
    read_at: usize,
    /// Scratch list of the facts with new evidence.
    facts: Vec<Fact>,
    /// [`Game::cast_changes`] at which everyone on the map had been contacted.
    all_contacted: Option<u32>,
}

impl Bot {
    fn new(policy: Policy, seed: u64) -> Bot {
        // The policy's own dice are separate from the game's, so its choices never shift the
        // world's rolls.
        Bot {
            policy,
            dice: Dice::new(seed ^ 0x5eed_b075),
            spam_target: None,
            synced: usize::MAX,
            pending: Vec::new(),
            read: Read::default(),
            read_at: usize::MAX,
            facts: Vec::new(),
            all_contacted: None,
        }
    }

    fn next(&mut self, g: &Game) -> Act {
        match self.policy {
            Policy::Random => self.random(g),
            Policy::Naive => naive(g),
            Policy::LastMinute if adversaries::last_minute_waits(g) => {
                adversaries::next(g, self.policy)
            }
            // The last-minute rep plays exactly as the expert once it starts.
            Policy::Expert | Policy::Cheater | Policy::LastMinute => {
                // Bring the account map in step with new evidence first, one belief per step.
                // Only facts with new evidence can have moved away from the map (the queue
                // is always empty by the time new evidence arrives).
                let n = g.evidence().len();
                if self.synced != n {
                    let new = g.evidence().get(self.synced..).filter(|_| self.synced < n);
                    map_updates(g, new, &mut self.facts, &mut self.pending);
                    // What is known of a kind of key information changes only with evidence
                    // about it: with new evidence, only the kinds it is about are read again
                    // (`facts` holds the facts of the new evidence, once each).
                    let known = |k: KeyInfo| {
                        g.summary(Fact::Key(k))
                            .is_some_and(|s| s.sources >= 2 || s.weight >= 140.0)
                    };
                    if new.is_none() {
                        self.read.known_key = KeyInfo::ALL.map(known);
                    } else {
                        for &f in &self.facts {
                            if let Fact::Key(k) = f {
                                self.read.known_key[k as usize] = known(k);
                            }
                        }
                    }
                    debug_assert_eq!(self.read.known_key, KeyInfo::ALL.map(known));
                    self.synced = n;
                }
                if let Some(a) = self.pending.pop() {
                    return a;
                }
                // Read the people again when evidence about them arrived or someone
                // appeared or left.
                let stale = match g
                    .evidence()
                    .get(self.read_at..)
                    .filter(|_| self.read_at < n)
                {
                    None => self.read_at != n,
                    Some(new) => new.iter().any(|e| Read::depends_on(e.fact)),
                };
                if stale || !self.read.same_visibility(g) {
                    self.read.refresh(g);
                }
                self.read_at = n;
                // Nobody is ever uncontacted again, so once everyone on the map has been
                // contacted that holds until someone new comes onto it.
                let cast = g.cast_changes();
                if self.all_contacted != Some(cast)
                    && self.read.visible.iter().all(|&p| g.is_contacted(p))
                {
                    self.all_contacted = Some(cast);
                }
                let all_contacted = self.all_contacted == Some(cast);
                expert(g, &self.read, all_contacted, self.policy == Policy::Cheater)
            }
            Policy::Spam(k) => self.spam(g, k),
            Policy::Passive => passive(g),
            Policy::PriceCutter(_)
            | Policy::PaperPusher
            | Policy::MapTypist
            | Policy::GiftGiver
            | Policy::WalkAway
            | Policy::GoThenWalk
            | Policy::LateWalk
            | Policy::PartnerHopper => adversaries::next(g, self.policy),
        }
    }

    fn random(&mut self, g: &Game) -> Act {
        let legal = g.legal_actions();
        if legal.is_empty() {
            return Act::EndWeek;
        }
        if g.phase() == Phase::Playing && self.dice.chance(0.25) {
            return Act::EndWeek;
        }
        let mut a = legal[self.dice.index(legal.len())];
        if let Act::Bid { emphasis, .. } = a {
            let list = g.scenario().file.our_company.list_price as f64;
            a = Act::Bid {
                price: ((list * self.dice.range(0.6, 1.3)) as u32).saturating_add(1),
                emphasis,
            };
        }
        // Walking away is one option among many, not a coin flip every step.
        if matches!(a, Act::WalkAway | Act::Qualify(false)) && !self.dice.chance(0.1) {
            return Act::EndWeek;
        }
        a
    }

    fn spam(&mut self, g: &Game, k: SpamKind) -> Act {
        if let Some(a) = tender_default(g) {
            return a;
        }
        if g.stage() == Stage::Qualification {
            return Act::Qualify(true);
        }
        if g.stage() < Stage::Technical && matches!(k, SpamKind::Seminar | SpamKind::Demo) {
            return Act::Advance;
        }
        let target = match self.spam_target {
            Some(p) => p,
            None => match (0..g.scenario().people.len()).find(|&p| g.is_visible(p)) {
                Some(p) => {
                    self.spam_target = Some(p);
                    p
                }
                None => return Act::EndWeek,
            },
        };
        if !g.is_contacted(target) {
            return try_or_end(g, Act::ColdCall(target));
        }
        let a = match k {
            SpamKind::Fabe => Act::Meeting(target, Approach::Fabe),
            SpamKind::Rapport => Act::Meeting(target, Approach::Rapport),
            SpamKind::Meal => Act::BusinessMeal(target),
            SpamKind::Seminar => Act::Seminar(target),
            SpamKind::Demo => Act::Demo(target),
            SpamKind::DeskResearch => Act::DeskResearch,
            SpamKind::Gift => Act::Gift(target),
        };
        try_or_end(g, a)
    }
}

/// The passive rep: go, then nothing but waiting until the tender, a bid 8% under the
/// reference price ([`adversaries::reference_price`]).
fn passive(g: &Game) -> Act {
    if let Some(a) = adversaries::tender_moves(g, adversaries::PASSIVE) {
        return a;
    }
    if g.stage() == Stage::Qualification {
        return Act::Qualify(true);
    }
    Act::EndWeek
}

fn try_or_end(g: &Game, a: Act) -> Act {
    if g.check(&a).is_ok() { a } else { Act::EndWeek }
}

/// What a policy without a plan does in the tender and negotiation: a sensible bid once.
fn tender_default(g: &Game) -> Option<Act> {
    adversaries::tender_moves(g, adversaries::SENSIBLE)
}

/// The naive rep: goes for the top, talks product, buys lunches, advances at once, bids list.
fn naive(g: &Game) -> Act {
    if g.phase() == Phase::Negotiating {
        return Act::Negotiate(Stance::Yield);
    }
    if g.tender_issued() && g.bid().is_none() {
        // Takes the first budget figure heard at face value and bids it.
        let list = g.scenario().file.our_company.list_price;
        let heard = g.evidence().iter().find_map(|e| match (e.fact, e.value) {
            (Fact::Key(KeyInfo::Budget), Value::Amount(b)) => Some(b),
            _ => None,
        });
        let mut price = heard
            .map(|b| b.min(list))
            .unwrap_or((u64::from(list) * 9 / 10) as u32)
            .max(1);
        // The tender states its method; under lowest price the naive rep cuts deep.
        if g.scenario().file.project.evaluation == Evaluation::LowestCompliantPrice {
            price = (u64::from(price) * 87 / 100) as u32;
        }
        return Act::Bid {
            price,
            emphasis: Emphasis::Technical,
        };
    }
    if g.actions().is_empty() {
        return Act::DeskResearch;
    }
    match g.stage() {
        Stage::Qualification => return Act::Qualify(true),
        Stage::InitialContact => return Act::Advance,
        _ => {}
    }
    let people: Vec<P> = (0..g.scenario().people.len())
        .filter(|&p| g.is_visible(p))
        .collect();
    for &p in &people {
        if !g.is_contacted(p) && g.check(&Act::ColdCall(p)).is_ok() {
            return Act::ColdCall(p);
        }
    }
    // Rotate FABE presentations, demos and meals over everyone met, least-used first.
    let mut best: Option<(u32, Act)> = None;
    for &p in &people {
        for a in [
            Act::Meeting(p, Approach::Fabe),
            Act::Demo(p),
            Act::BusinessMeal(p),
        ] {
            if g.check(&a).is_ok() {
                let n = g.times_used(p, &a);
                if best.is_none_or(|b| n < b.0) {
                    best = Some((n, a));
                }
            }
        }
    }
    match best {
        Some((_, a)) => a,
        None => Act::EndWeek,
    }
}

// ---------------------------------------------------------------------------------------
// The expert: follows the method, reading only its own evidence.

/// `repeat_factor^n` for every use count n a byte holds.
struct Repeat([f64; 256]);

impl Default for Repeat {
    fn default() -> Self {
        Repeat([0.0; 256])
    }
}

/// What the expert believes of everyone, read again only when new evidence arrives.
#[derive(Default)]
struct Read {
    dm: Option<P>,
    role: Vec<Option<Role>>,
    circle: Vec<Option<Circle>>,
    style: Vec<Option<Style>>,
    need: Vec<Option<Need>>,
    /// How much each person matters, as believed ([`importance`]).
    imp: Vec<f64>,
    /// Per person, the expected gain of each of the [`win_options`] before repetition:
    /// the effect's base × believed-style multiplier × believed-need multiplier.
    base_gain: Vec<[f64; WIN_OPTIONS]>,
    /// The believed style and need each person's `base_gain` was computed from (it is
    /// computed again only when they change).
    gain_from: Vec<Option<(Option<Style>, Option<Need>)>>,
    /// Spend the expense budget where it buys most: each of the [`win_options`]' gains is
    /// divided by 1 + its expense / 6.
    per_cost: [f64; WIN_OPTIONS],
    /// `repeat_factor^n` for every n a use count (a byte) can hold, as [`repetition`]
    /// computes it (filled at the first reading).
    repeat: Repeat,
    /// [`Game::cast_changes`] at the reading: who is on the map (the believed decision
    /// maker depends on it).
    cast: Option<u32>,
    /// The tuning's effect of each of the [`win_options`], and its kind of action.
    effects: [Option<Effect>; WIN_OPTIONS],
    kinds: [usize; WIN_OPTIONS],
    /// Everyone, most important first (ties to the lower index).
    by_importance: Vec<P>,
    /// Who is on the map (visible and active) at the reading, in index order, and the same
    /// people most important first. Visibility changes only with [`Game::cast_changes`],
    /// and a changed cast means a new reading before the expert decides.
    visible: Vec<P>,
    visible_by_importance: Vec<P>,
    /// Per person: on the scenario's committee (as the expert's [`importance`] counts it).
    on_committee: Vec<bool>,
    /// Of those on the map, most important first: whose style or circle is not yet
    /// believed; whose believed circle is political or core; watcher or closer; and who is
    /// believed to write the specification (technical lead or user).
    unprobed: Vec<P>,
    political: Vec<P>,
    watchers: Vec<P>,
    writers: Vec<P>,
    /// Per kind of key information (in `KeyInfo::ALL` order, which is the kinds' own
    /// order): known well enough (two sources or heavy weight). Read again for the kinds
    /// new evidence is about.
    known_key: [bool; 5],
}

impl Read {
    /// Whether evidence about `fact` can change the reading.
    fn depends_on(fact: Fact) -> bool {
        matches!(
            fact,
            Fact::Role(_)
                | Fact::Circle(_)
                | Fact::Style(_)
                | Fact::Need(_)
                | Fact::Key(KeyInfo::Participants)
        )
    }

    /// Whether the same people are on the map as at the last reading.
    fn same_visibility(&self, g: &Game) -> bool {
        self.cast == Some(g.cast_changes())
    }

    /// Read the evidence again, reusing the lists.
    fn refresh(&mut self, g: &Game) {
        let n = g.scenario().people.len();
        let r = self;
        let t = &g.scenario().tuning;
        if r.cast.is_none() {
            // Each entry one factor more than the one before: the same products as
            // `repetition`, multiplied in the same order.
            let mut f = 1.0;
            for x in r.repeat.0.iter_mut() {
                *x = f;
                f *= t.repeat_factor;
            }
            debug_assert_eq!(r.repeat.0[9], repetition(t.repeat_factor, 9));
            r.per_cost = win_options(0).map(|a| 1.0 + action_expense(t, &a) / 6.0);
            r.effects = win_options(0).map(|a| effect_for(t, &a).copied());
            r.kinds = win_options(0).map(|a| kind_ix(&a).expect("a win option has a kind"));
            // Every list holds at most one entry per person: room for all at once.
            for list in [
                &mut r.by_importance,
                &mut r.visible,
                &mut r.visible_by_importance,
                &mut r.unprobed,
                &mut r.political,
                &mut r.watchers,
                &mut r.writers,
            ] {
                list.reserve_exact(n);
            }
            r.on_committee = (0..n)
                .map(|p| g.scenario().committee.contains(&p))
                .collect();
        }
        r.cast = Some(g.cast_changes());
        r.role.clear();
        r.role.resize(n, None);
        r.circle.clear();
        r.circle.resize(n, None);
        r.style.clear();
        r.style.resize(n, None);
        r.need.clear();
        r.need.resize(n, None);
        for s in g.summaries() {
            match (s.fact, s.best) {
                (Fact::Role(p), Value::Role(v)) => r.role[p] = Some(v),
                (Fact::Circle(p), Value::Circle(v)) => r.circle[p] = Some(v),
                (Fact::Style(p), Value::Style(v)) => r.style[p] = Some(v),
                (Fact::Need(p), Value::Need(v)) => r.need[p] = Some(v),
                _ => {}
            }
        }
        r.dm = believed_dm(g, &r.role);
        r.base_gain.resize(n, [0.0; WIN_OPTIONS]);
        r.gain_from.resize(n, None);
        for p in 0..n {
            let (style, need) = (r.style[p], r.need[p]);
            if r.gain_from[p] == Some((style, need)) {
                continue;
            }
            r.gain_from[p] = Some((style, need));
            r.base_gain[p] = std::array::from_fn(|k| {
                let Some(e) = &r.effects[k] else {
                    return 0.0;
                };
                let sm = style.map(|s| e.style[s as usize]).unwrap_or(0.8);
                let nm = need.map(|n| e.need[n as usize]).unwrap_or(0.8);
                e.base * sm * nm
            });
        }
        // The order by importance follows from the importances alone: sorted again only
        // when one of them changed.
        let mut changed = r.imp.len() != n;
        r.imp.resize(n, 0.0);
        for p in 0..n {
            let w = importance(r, p, r.dm);
            if r.imp[p].to_bits() != w.to_bits() {
                r.imp[p] = w;
                changed = true;
            }
        }
        if changed {
            // Most important first, ties to the lower index: a strict total order, so any
            // correct sort gives the one answer. The last order is nearly right (a few
            // importances move per reading), and an insertion sort from it costs about one
            // comparison per person.
            let imp = &r.imp;
            let before = |a: P, b: P| imp[b].total_cmp(&imp[a]).then(a.cmp(&b)).is_lt();
            let order = &mut r.by_importance;
            if order.len() != n {
                order.clear();
                order.extend(0..n);
            }
            for i in 1..n {
                let mut j = i;
                while j > 0 && before(order[j], order[j - 1]) {
                    order.swap(j, j - 1);
                    j -= 1;
                }
            }
            debug_assert!(order.is_sorted_by(|&a, &b| before(a, b)));
        }
        r.visible.clear();
        r.visible.extend((0..n).filter(|&p| g.is_visible(p)));
        for list in [
            &mut r.visible_by_importance,
            &mut r.unprobed,
            &mut r.political,
            &mut r.watchers,
            &mut r.writers,
        ] {
            list.clear();
        }
        for &p in &r.by_importance {
            if !g.is_visible(p) {
                continue;
            }
            r.visible_by_importance.push(p);
            let circle = r.circle[p];
            if r.style[p].is_none() || circle.is_none() {
                r.unprobed.push(p);
            }
            if circle.is_some_and(|c| c >= Circle::Political) {
                r.political.push(p);
            }
            if circle.is_some_and(|c| c >= Circle::Watcher) {
                r.watchers.push(p);
            }
            if matches!(r.role[p], Some(Role::TechnicalLead | Role::User)) {
                r.writers.push(p);
            }
        }
    }
}

/// The decision maker as the evidence says: a Participants answer, else a Role answer.
fn believed_dm(g: &Game, role: &[Option<Role>]) -> Option<P> {
    if let Some(Summary {
        best: Value::Person(p),
        ..
    }) = g.summary(Fact::Key(KeyInfo::Participants))
    {
        return Some(p);
    }
    (0..g.scenario().people.len())
        .find(|&p| g.is_visible(p) && role[p] == Some(Role::DecisionMaker))
}

/// The budget the expert trusts: on conflicting reports, the lowest value with real support.
fn believed_budget(g: &Game) -> Option<u32> {
    let reports = || {
        g.evidence()
            .iter()
            .filter(|e| e.fact == Fact::Key(KeyInfo::Budget))
    };
    // No report about the budget, no belief about it.
    reports().next()?;
    let s = g.summary(Fact::Key(KeyInfo::Budget))?;
    let best = match s.best {
        Value::Amount(b) => b,
        _ => return None,
    };
    if !s.conflict {
        return Some(best);
    }
    // Cross-check: take the lowest report from a source of reliability 40 or more.
    reports()
        .filter(|e| e.reliability >= 40)
        .filter_map(|e| {
            if let Value::Amount(b) = e.value {
                Some(b)
            } else {
                None
            }
        })
        .min()
        .or(Some(best))
}

/// Positive reactions the person has shown to our actions (the expert's read of attitude).
fn warmth(g: &Game, p: P) -> f64 {
    g.warmth(p)
}

fn effect_for<'a>(t: &'a crate::sim::tuning::Tuning, a: &Act) -> Option<&'a Effect> {
    Some(match a {
        Act::Meeting(_, Approach::Fabe) => &t.fabe,
        Act::Meeting(_, Approach::Rapport) => &t.rapport,
        Act::Meeting(_, Approach::ProbeNeeds) => &t.probe_needs,
        Act::Seminar(_) => &t.seminar,
        Act::Demo(_) => &t.demo,
        Act::FactoryVisit(_) => &t.factory_visit,
        Act::ReferenceVisit(_) => &t.reference_visit,
        Act::ExecutiveVisit(_) => &t.executive_visit,
        Act::BusinessMeal(_) => &t.business_meal,
        Act::Gift(_) => &t.gift,
        Act::Kickback(_) => &t.kickback,
        _ => return None,
    })
}

/// The actions the expert weighs to win a person over; the last only for key people.
const WIN_OPTIONS: usize = 8;
fn win_options(p: P) -> [Act; WIN_OPTIONS] {
    std::array::from_fn(|k| win_option(p, k))
}

/// Option `k` of [`win_options`] for `p`.
fn win_option(p: P, k: usize) -> Act {
    match k {
        0 => Act::Meeting(p, Approach::Fabe),
        1 => Act::Meeting(p, Approach::Rapport),
        2 => Act::BusinessMeal(p),
        3 => Act::Seminar(p),
        4 => Act::Demo(p),
        5 => Act::FactoryVisit(p),
        6 => Act::ReferenceVisit(p),
        _ => Act::ExecutiveVisit(p),
    }
}

impl Read {
    /// How much the expert expects option `k` of [`win_options`] to move `p` now, given
    /// what it believes of him and how often it has been used on him.
    fn expected_gain(&self, g: &Game, p: P, k: usize) -> f64 {
        // Uses are counted in a byte, and `repeat` holds every byte's factor.
        self.base_gain[p][k] * self.repeat.0[usize::from(g.uses(p)[self.kinds[k]])]
    }
}

fn action_expense(t: &crate::sim::tuning::Tuning, a: &Act) -> f64 {
    match a {
        Act::Meeting(..) => t.cost_meeting.expense,
        Act::Seminar(_) => t.cost_seminar.expense,
        Act::Demo(_) => t.cost_demo.expense,
        Act::FactoryVisit(_) => t.cost_factory_visit.expense,
        Act::ReferenceVisit(_) => t.cost_reference_visit.expense,
        Act::ExecutiveVisit(_) => t.cost_executive_visit.expense,
        Act::BusinessMeal(_) => t.cost_business_meal.expense,
        _ => 0.0,
    }
}

/// How much a person matters to winning, as the expert believes.
fn importance(r: &Read, p: P, dm: Option<P>) -> f64 {
    let role = r.role[p];
    let circle = r.circle[p];
    let on_committee = r.on_committee[p];
    let mut w: f64 = match role {
        Some(Role::DecisionMaker) => 4.0,
        Some(Role::TechnicalLead) => 3.5,
        Some(Role::User) => 2.0,
        Some(Role::Procurement) => 1.5,
        Some(Role::Influencer) => 1.5,
        None => 1.0,
    };
    if dm == Some(p) {
        w = w.max(4.0);
    }
    w *= match circle {
        Some(Circle::Core) => 1.5,
        Some(Circle::Political) => 1.2,
        Some(Circle::Watcher) => 0.6,
        Some(Circle::Unaware) => 0.3,
        None => 1.0,
    };
    if on_committee {
        w += 1.0;
    }
    w
}

/// Beliefs to record: the best-supported value of each fact that differs from the map,
/// last to record first. With `new` evidence given, only the facts it is about are looked
/// at (the map was in step with the rest); else every fact.
fn map_updates(g: &Game, new: Option<&[Evidence]>, facts: &mut Vec<Fact>, out: &mut Vec<Act>) {
    let budget = std::cell::OnceCell::new();
    out.clear();
    let summaries = g.summaries();
    let mut consider = |s: &Summary| {
        if matches!(s.fact, Fact::Rule(_) | Fact::RivalPrice(_)) {
            return;
        }
        let value = match (s.fact, s.best) {
            (Fact::Key(KeyInfo::Budget), _) => {
                (*budget.get_or_init(|| believed_budget(g))).map(Value::Amount)
            }
            (_, v) => Some(v),
        };
        if value.is_some() && g.map().get(s.fact) != value {
            out.push(Act::Believe(s.fact, value));
        }
    };
    match new {
        None => summaries.iter().for_each(consider),
        Some(new) => {
            facts.clear();
            facts.extend(new.iter().map(|e| e.fact));
            facts.sort_unstable();
            facts.dedup();
            for &f in facts.iter() {
                if let Ok(i) = summaries.binary_search_by(|s| s.fact.cmp(&f)) {
                    consider(&summaries[i]);
                }
            }
        }
    }
    out.reverse();
}

/// The expert's next action; `all_contacted`: everyone on the map has been contacted.
fn expert(g: &Game, read: &Read, all_contacted: bool, cheat: bool) -> Act {
    let scn = g.scenario();
    if g.phase() == Phase::Negotiating {
        let sponsor = (0..scn.people.len()).any(|p| g.support(p) >= Support::Sponsor);
        return Act::Negotiate(if sponsor {
            Stance::Firm
        } else {
            Stance::Balanced
        });
    }
    let people = || read.visible.iter().copied();
    debug_assert!(
        people().eq((0..scn.people.len()).filter(|&p| g.is_visible(p))),
        "the reading is in step with who is on the map"
    );
    let tryit = |a: Act| g.check(&a).is_ok().then_some(a);
    let imp = &read.imp;

    // Qualification: research, contact, and decide on the four questions.
    if g.stage() == Stage::Qualification {
        let researched = g
            .actions()
            .iter()
            .filter(|a| matches!(a, Act::DeskResearch))
            .count();
        if researched < 2
            && let Some(a) = tryit(Act::DeskResearch)
        {
            return a;
        }
        // A mandatory rule we cannot meet means a companion bid: qualify out now.
        let shut_out = scn.rules.iter().enumerate().any(|(i, r)| {
            !r.met_by[US]
                && matches!(
                    g.summary(Fact::Rule(i)),
                    Some(Summary {
                        best: Value::Yes(true),
                        ..
                    })
                )
        });
        // The cheater believes money fixes any deal and never qualifies out.
        if shut_out && !cheat {
            return Act::Qualify(false);
        }
        if researched >= 2 {
            return Act::Qualify(true);
        }
        return Act::EndWeek;
    }

    // Contact everyone visible, technical people first so nobody is gone around.
    let is_dm = |p: P| read.role[p] == Some(Role::DecisionMaker);
    let contact = |p: P| {
        // An introduction from a warm contact beats a cold call.
        if let Some(from) = people().find(|&f| g.is_contacted(f) && warmth(g, f) >= 3.0)
            && let Some(a) = tryit(Act::Introduction { from, to: p })
        {
            return Some(a);
        }
        tryit(Act::ColdCall(p))
    };
    // Those not believed to decide first; the believed decision makers after them, in a
    // second pass only when there is one to contact.
    debug_assert_eq!(all_contacted, people().all(|p| g.is_contacted(p)));
    if !all_contacted {
        let mut dm_uncontacted = false;
        for p in people().filter(|&p| !g.is_contacted(p)) {
            if is_dm(p) {
                dm_uncontacted = true;
            } else if let Some(a) = contact(p) {
                return a;
            }
        }
        if dm_uncontacted {
            for p in people().filter(|&p| !g.is_contacted(p) && is_dm(p)) {
                if let Some(a) = contact(p) {
                    return a;
                }
            }
        }
    }

    if let Some(a) = tender_moves(g, cheat) {
        return a;
    }

    // Learn how each person ticks before working on him.
    let by_importance = || read.visible_by_importance.iter().copied();
    for &p in &read.unprobed {
        if g.is_contacted(p)
            && g.times_used(p, &Act::Meeting(p, Approach::ProbeNeeds)) < 2
            && let Some(a) = tryit(Act::Meeting(p, Approach::ProbeNeeds))
        {
            return a;
        }
    }

    // Key information from those who hold it: the first kind not yet known, asked of the
    // most important warm person in the know. (Who may be asked and whether the meeting is
    // legal do not depend on the kind: questions of every kind count as one kind of
    // meeting. So if the first unknown kind finds no one, none does.)
    if let Some(k) = KeyInfo::ALL
        .into_iter()
        .zip(read.known_key)
        .find_map(|(k, known)| (!known).then_some(k))
    {
        let asker = read.political.iter().copied().find(|&p| {
            g.is_contacted(p)
                && g.times_used(p, &Act::Meeting(p, Approach::AskInfo(k))) < 2
                && (warmth(g, p) >= 2.0 || g.support(p) >= Support::Informant)
        });
        if let Some(p) = asker
            && let Some(a) = tryit(Act::Meeting(p, Approach::AskInfo(k)))
        {
            return a;
        }
    }

    if cheat && g.stage() >= Stage::InitialContact {
        for p in by_importance() {
            if imp[p] >= 4.0
                && g.times_used(p, &Act::Kickback(p)) == 0
                && let Some(a) = tryit(Act::Kickback(p))
            {
                return a;
            }
        }
    }

    // Develop insiders once a person has warmed to us (only watchers or closer can be).
    for &p in &read.watchers {
        let level = g.support(p);
        let tries = g.times_used(p, &Act::Develop(p));
        let want = match level {
            Support::None => 3.0,
            Support::Informant => 9.0,
            Support::Sponsor => 14.0,
            Support::Coach => continue,
        };
        if warmth(g, p) >= want + 3.0 * tries as f64
            && let Some(a) = tryit(Act::Develop(p))
        {
            return a;
        }
    }

    // Technical breakthrough: write our terms in through the people who write the tender.
    if g.stage() >= Stage::Technical && !g.tender_issued() {
        for &p in &read.writers {
            let tries = g.times_used(p, &Act::ShapeTender(p));
            if warmth(g, p) >= 8.0 + 4.0 * tries as f64
                && tries < 4
                && let Some(a) = tryit(Act::ShapeTender(p))
            {
                return a;
            }
        }
        // Behind in the customer's mind: a sponsor argues for new criteria.
        let behind = matches!(
            g.summary(Fact::Rank),
            Some(Summary { best: Value::Rank(r), .. }) if r >= 2
        );
        if behind {
            for &p in &read.political {
                if g.support(p) >= Support::Sponsor
                    && g.times_used(p, &Act::Reframe(p)) < 2
                    && let Some(a) = tryit(Act::Reframe(p))
                {
                    return a;
                }
            }
        }
        if g.proposal_quality() < 60.0
            && g.week() + 3 >= g.scenario().file.project.tender_week
            && let Some(a) = tryit(Act::Proposal)
        {
            return a;
        }
    }

    // Advance when the gate's work is done or time presses.
    let tw = scn.file.project.tender_week;
    let insider = people().any(|p| g.support(p) >= Support::Informant);
    if g.stage() == Stage::InitialContact && (insider && g.week() * 3 >= tw || g.week() * 2 >= tw) {
        return Act::Advance;
    }
    if g.stage() == Stage::Technical && g.week() * 4 >= tw * 3 {
        return Act::Advance;
    }

    // Win people over with what suits them, most important first.
    // Whether an option is legal depends on its kind, not on whom it is for (stage,
    // resources, executive visits; the loop only looks at visible, contacted people), so
    // each kind is checked once, when an option of it first looks best.
    let mut legal: [Option<bool>; WIN_OPTIONS] = [None; WIN_OPTIONS];
    // The best option so far (person, option) and its gain.
    let mut best: Option<(P, usize)> = None;
    let mut best_gain = 0.0;
    for p in people() {
        if !g.is_contacted(p) {
            continue;
        }
        let weight = imp[p];
        let count = if weight >= 4.0 {
            WIN_OPTIONS
        } else {
            WIN_OPTIONS - 1
        };
        let options = legal.iter_mut().zip(&read.per_cost).enumerate();
        for (k, (legal, per_cost)) in options.take(count) {
            let gain = read.expected_gain(g, p, k) * weight / per_cost;
            // Only a better option needs the (dearer) legality check.
            if best.is_none() || gain > best_gain {
                let a = win_option(p, k);
                if *legal.get_or_insert_with(|| g.check(&a).is_ok()) {
                    debug_assert_eq!(*legal, Some(g.check(&a).is_ok()), "{a:?}");
                    best = Some((p, k));
                    best_gain = gain;
                }
            }
        }
    }
    if let Some((p, k)) = best
        && best_gain > 3.0
    {
        return win_option(p, k);
    }
    // Ask where we stand when nothing better is left, then end the week.
    if let Some(p) = by_importance().find(|&p| g.support(p) >= Support::Informant) {
        let asked_this_week = g
            .log()
            .iter()
            .rev()
            .take_while(|e| e.week == g.week())
            .any(|e| {
                matches!(
                    e.kind,
                    LogKind::Acted {
                        act: Act::Meeting(_, Approach::WhereDoWeStand),
                        ..
                    }
                )
            });
        if !asked_this_week && let Some(a) = tryit(Act::Meeting(p, Approach::WhereDoWeStand)) {
            return a;
        }
    }
    Act::EndWeek
}

/// The expert in the tender: clarify, finish the proposal, object to a term written around a
/// rival, and price by the rank the customer gives us: first, hold the price; second,
/// sharpen it; third with no way up, do not bid.
fn tender_moves(g: &Game, cheat: bool) -> Option<Act> {
    if !g.tender_issued() {
        return None;
    }
    let tryit = |a: Act| g.check(&a).is_ok().then_some(a);
    if let Some(a) = tryit(Act::Clarification) {
        return Some(a);
    }
    if g.proposal_quality() < 75.0
        && let Some(a) = tryit(Act::Proposal)
    {
        return Some(a);
    }
    let scn = g.scenario();
    // A rule in the tender we do not meet that the pre-announcement did not list was
    // written in by someone: object to it.
    let written_against_us = g.tender_rules().unwrap_or(&[]).iter().any(|&i| {
        !scn.rules[i].met_by[US]
            && !g
                .evidence()
                .iter()
                .any(|e| e.fact == Fact::Rule(i) && e.source == Source::Desk)
    });
    if written_against_us && let Some(a) = tryit(Act::Objection) {
        return Some(a);
    }
    if cheat
        && !g.actions().contains(&Act::ObtainRivalBid)
        && let Some(a) = tryit(Act::ObtainRivalBid)
    {
        return Some(a);
    }
    if g.bid().is_some() || g.week() < g.bid_week() {
        return None;
    }
    // Before pricing, ask an insider where we stand (once this week): price follows rank.
    let rank_known = g
        .evidence()
        .iter()
        .any(|e| e.fact == Fact::Rank && e.week >= g.tender_week() && e.reliability >= 60);
    if !rank_known {
        let asked = g
            .actions()
            .iter()
            .rev()
            .take_while(|a| !matches!(a, Act::EndWeek))
            .any(|a| matches!(a, Act::Meeting(_, Approach::WhereDoWeStand)));
        let insider = (0..scn.people.len())
            .filter(|&p| g.support(p) >= Support::Informant && g.is_contacted(p))
            .max_by_key(|&p| g.support(p));
        if !asked
            && let Some(p) = insider
            && let Some(a) = tryit(Act::Meeting(p, Approach::WhereDoWeStand))
        {
            return Some(a);
        }
    }
    let o = &scn.file.our_company;
    let lowest_price = scn.file.project.evaluation == Evaluation::LowestCompliantPrice;
    let budget = believed_budget(g).unwrap_or(o.list_price);
    // The less sure the budget, the more room is left under it.
    let sure = match g.summary(Fact::Key(KeyInfo::Budget)) {
        Some(s) if s.sources >= 2 && !s.conflict => 0.97,
        Some(s) if s.weight >= 85.0 && !s.conflict => 0.96,
        Some(s) if s.weight >= 60.0 => 0.9,
        _ => 0.82,
    };
    // Where we stand, as the insiders last said.
    let rank = match g.summary(Fact::Rank) {
        Some(Summary {
            best: Value::Rank(r),
            weight,
            ..
        }) if weight >= 60.0 => Some(r),
        _ => None,
    };
    if rank.is_some_and(|r| r >= 3) && !lowest_price {
        return tryit(Act::WalkAway);
    }
    let sharpen = match rank {
        Some(1) => 1.0,
        Some(2) => 0.92,
        _ => 0.94,
    };
    let mut price = (o.list_price as f64).min(budget as f64 * sure * sharpen);
    if lowest_price {
        price = price.min(budget as f64 * 0.8);
    }
    // Known rival prices: undercut them when price decides.
    let rival_low = g
        .evidence()
        .iter()
        .filter_map(|e| match (e.fact, e.value) {
            (Fact::RivalPrice(_), Value::Amount(a)) => Some(a),
            _ => None,
        })
        .min();
    if let Some(r) = rival_low {
        if lowest_price {
            price = price.min(r as f64 * 0.98);
        } else if rank != Some(1) {
            // Not sure of first place: no more than a little above the rival's known price.
            price = price.min(r as f64 * 1.04);
        }
    }
    // Leave room for the discount the negotiation will take.
    // (Under lowest price a thin margin beats a loss.)
    let floor = o.cost as f64 * if lowest_price { 1.08 } else { 1.18 };
    let price = price.max(floor).round() as u32;
    let emphasis = match g.map().criterion {
        Some(Criterion::Price) => Emphasis::Price,
        Some(Criterion::Business) => Emphasis::Business,
        _ => Emphasis::Technical,
    };
    tryit(Act::Bid { price, emphasis })
}
