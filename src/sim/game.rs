//! The game state and the one API that drives it: new, legal actions, apply, observe.

use crate::scenario::schema::{Circle, KeyInfo, Need, Role, Style};
use crate::sim::dice::Dice;
use crate::sim::model::{P, Scenario, US, V};
use crate::sim::types::*;
use std::sync::Arc;

/// One person's live state: his hidden truth for this seed and where he stands now.
#[derive(Debug, Clone)]
pub struct Person {
    /// Whose hidden role, circle and knowledge this person has on this seed: himself, or
    /// the other side of a role swap the seed drew.
    pub(crate) truth: P,
    /// Proof of our product this person has seen (demonstrations, visits, an authority's
    /// endorsement put in front of him), 0..10; it wears off week by week.
    pub(crate) proof: f64,
    pub(crate) active: bool,
    /// Known to the player (on the map).
    pub(crate) visible: bool,
    pub(crate) contacted: bool,
    pub(crate) style: Style,
    pub(crate) need: Need,
    pub(crate) attitude: f64,
    /// Attitude to each vendor's rival (index 0 unused; only the scenario's vendors are
    /// used). A fixed array: a game holds no heap list per person.
    pub(crate) rival_att: [f64; crate::sim::tender::MAX_VENDORS],
    pub(crate) trust: f64,
    pub(crate) support: Support,
    pub(crate) introduced: bool,
    pub(crate) offended: bool,
    pub(crate) bypassed: bool,
    pub(crate) planted: Option<V>,
    /// Times each action kind was used on him (diminishing returns).
    pub(crate) uses: [u8; KINDS],
    pub(crate) met_week: Option<u32>,
    /// Attitude our actions have cost him so far; repeated irritation offends.
    pub(crate) irritation: f64,
}

pub(crate) const KINDS: usize = 19;

/// The engine's judgement of "can we win?" at the moment the player decided to stay or go:
/// what blocked the deal then, and whether the player held evidence of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judgement {
    pub week: u32,
    pub blocker: Option<crate::sim::types::Blocker>,
    pub evidenced: bool,
}

/// Why an inject cannot be fired into a game.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InjectError {
    #[error("the scenario has no such inject")]
    Unknown,
    #[error("the game's weeks are over (bids evaluated or the game ended)")]
    WeeksOver,
    #[error("this inject was already fired in this game")]
    AlreadyFired,
}

/// An unethical act that may still be discovered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Risk {
    pub what: Hazard,
    pub weekly: f64,
}

/// The phase of play.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Phase {
    Playing,
    Negotiating,
    Over(Outcome),
}

/// A submitted bid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bid {
    pub price: u32,
    pub emphasis: Emphasis,
}

/// The true and believed rank at the end of a week.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WeekRecord {
    pub week: u32,
    pub true_rank: u8,
    pub believed_rank: Option<u8>,
    pub stage: Stage,
}

/// A game in progress.
#[derive(Debug, Clone)]
pub struct Game {
    pub(crate) scn: Arc<Scenario>,
    pub(crate) seed: u64,
    pub(crate) dice: Dice,
    pub(crate) week: u32,
    pub(crate) phase: Phase,
    pub(crate) stage: Stage,
    pub(crate) rep_left: u32,
    pub(crate) presales_left: u32,
    pub(crate) exec_left: u32,
    pub(crate) spent: f64,
    pub(crate) people: Vec<Person>,
    /// Committee seats (a reshuffle hands a seat to the newcomer).
    pub(crate) committee: Vec<P>,
    /// How far each vendor has written its terms into the draft specification.
    pub(crate) spec: Vec<i32>,
    /// Per rival and person (`v * people + p`), how much the rival wants to court him,
    /// from its profile and his true role and circle on this seed.
    pub(crate) courts: Vec<f64>,
    /// The budget figure published when the project was announced (government
    /// procurement publishes it; elsewhere none).
    pub(crate) published_budget: Option<u32>,
    /// Each rival has cut its price once already (it cuts at most once).
    pub(crate) rival_cut: [bool; crate::sim::tender::MAX_VENDORS],
    /// A formal objection has been lodged against the tender.
    pub(crate) objected: bool,
    /// Each rival we offered a partnership to (refused or not: it is not offered twice).
    pub(crate) partner_refused: [bool; crate::sim::tender::MAX_VENDORS],
    /// Whether walking away (or qualifying out) was justified when it was decided.
    pub(crate) walk_judgement: Option<Judgement>,
    /// Whether the project could be won when the qualification decision was taken.
    pub(crate) qualify_judgement: Option<Judgement>,
    /// Quality of our technical proposal, 0..100.
    pub(crate) proposal: f64,
    pub(crate) clarified: bool,
    pub(crate) budget: i64,
    pub(crate) tender_week: u32,
    pub(crate) bid_week: u32,
    pub(crate) tender_rules: Option<Vec<usize>>,
    /// Each rival's planned bid, 万元.
    pub(crate) rival_price: Vec<u32>,
    pub(crate) bid: Option<Bid>,
    pub(crate) qualified: Option<bool>,
    pub(crate) evidence: Vec<Evidence>,
    /// Whether each piece of evidence is true (hidden until the debrief).
    pub(crate) evidence_true: Vec<bool>,
    pub(crate) map: crate::sim::types::AccountMap,
    pub(crate) log: Vec<LogEntry>,
    pub(crate) gates: Vec<GateRecord>,
    pub(crate) risks: Vec<Risk>,
    pub(crate) violations: Vec<Hazard>,
    pub(crate) discovered: bool,
    pub(crate) events_fired: Vec<bool>,
    /// Injects fired by a facilitator: (the week they land at the end of, inject index),
    /// in the order they were fired.
    pub(crate) injects: Vec<(u32, usize)>,
    pub(crate) history: Vec<WeekRecord>,
    pub(crate) actions: Vec<Act>,
    /// The committee's scoring of every bid, once the bids are opened.
    pub(crate) evaluation: Vec<crate::sim::tender::VendorScore>,
    /// Each member's scores at the evaluation (see [`Game::committee_breakdown`]).
    pub(crate) committee_record: Vec<crate::sim::tender::MemberScore>,
    /// The reactions each person has shown us, summed (what the player has seen of him).
    pub(crate) warmth: Vec<f64>,
    /// Evidence summaries sorted by fact, kept up to date as evidence arrives.
    pub(crate) summaries: Vec<crate::sim::knowledge::Summary>,
    /// For each summary (same index), the positions in `evidence` of the first and the last
    /// report about its fact; `next_report` chains the ones between.
    pub(crate) reports: Vec<(u32, u32)>,
    /// For each piece of evidence, the position of the next report about the same fact
    /// (`u32::MAX` for the latest).
    pub(crate) next_report: Vec<u32>,
    /// A buffer the weekly resolution reuses (see `spread_influence`); holds nothing between calls.
    pub(crate) scratch: Vec<[f64; crate::sim::tender::MAX_VENDORS]>,
    /// A buffer summarising reuses: the group and source of each report about one fact
    /// (see `knowledge::summarise`); holds nothing between calls.
    pub(crate) report_groups: Vec<(usize, Source)>,
    /// How many times someone came onto or left the map (see [`Game::cast_changes`]).
    pub(crate) cast_changes: u32,
    /// Per rival, the sum of its courting weights over the active people and the
    /// `cast_changes` it was taken at (see `rival_target`).
    pub(crate) court_totals: [Option<(u32, f64)>; crate::sim::tender::MAX_VENDORS],
}

impl Game {
    /// A new game of `scn` with `seed`: the seed draws the hidden truth from the pools.
    pub fn new(scn: Arc<Scenario>, seed: u64) -> Game {
        let mut dice = Dice::new(seed);
        let nv = scn.vendors();
        let mut people = Vec::with_capacity(scn.people.len());
        for (me, d) in scn.people.iter().enumerate() {
            let style = d.styles[dice.index(d.styles.len())];
            let need = d.needs[dice.index(d.needs.len())];
            let offset = dice.int(-d.attitude_spread, d.attitude_spread) as f64;
            let planted = match d.planted_by {
                Some(r) if dice.chance(d.planted_chance) => Some(r),
                _ => None,
            };
            let mut rival_att = [0.0; crate::sim::tender::MAX_VENDORS];
            for (v, a) in d.rival_attitudes.iter().enumerate().skip(1) {
                rival_att[v] = (*a as f64 + offset * 0.5).clamp(-100.0, 100.0);
            }
            people.push(Person {
                truth: me,
                proof: 0.0,
                active: !d.arrives_by_event,
                visible: d.visible && !d.arrives_by_event,
                contacted: false,
                style,
                need,
                attitude: (d.attitude as f64 + offset).clamp(-100.0, 100.0),
                rival_att,
                trust: 0.0,
                support: Support::None,
                introduced: false,
                offended: false,
                bypassed: false,
                planted,
                uses: [0; KINDS],
                met_week: None,
                irritation: 0.0,
            });
        }
        // Who really decides this time: the seed draws the scenario's role swaps.
        for &(a, b, chance) in &scn.swaps {
            if dice.chance(chance) {
                let (ta, tb) = (people[a].truth, people[b].truth);
                people[a].truth = tb;
                people[b].truth = ta;
            }
        }
        let n = people.len();
        let mut courts = vec![0.0; nv * n];
        for v in 1..nv {
            let profile = scn.rival(v).profile;
            for (p, x) in people.iter().enumerate() {
                let d = &scn.people[x.truth];
                courts[v * n + p] = crate::sim::model::court_weight(profile, d.role, d.circle);
            }
        }
        let budget = scn.file.project.budget as i64;
        let rival_price = (0..nv)
            .map(|v| {
                if v == US {
                    0
                } else {
                    let r = scn.rival(v);
                    let p = budget as f64 * r.price_ratio * dice.range(0.96, 1.04);
                    // Never under what the rival can justify (its floor).
                    p.min(budget as f64 * 0.995)
                        .max(budget as f64 * r.floor)
                        .max(1.0) as u32
                }
            })
            .collect();
        let res = &scn.file.resources;
        let map = crate::sim::types::AccountMap {
            people: vec![Default::default(); scn.people.len()],
            ..Default::default()
        };
        let mut g = Game {
            seed,
            dice,
            week: 1,
            phase: Phase::Playing,
            stage: Stage::Qualification,
            rep_left: res.rep_days,
            presales_left: res.presales_days,
            exec_left: scn.executive_visits(),
            spent: 0.0,
            courts,
            published_budget: None,
            rival_cut: [false; crate::sim::tender::MAX_VENDORS],
            objected: false,
            partner_refused: [false; crate::sim::tender::MAX_VENDORS],
            walk_judgement: None,
            qualify_judgement: None,
            people,
            committee: scn.committee.clone(),
            spec: vec![0; nv],
            proposal: 0.0,
            clarified: false,
            budget,
            tender_week: scn.file.project.tender_week,
            bid_week: scn.file.project.bid_week,
            tender_rules: None,
            rival_price,
            bid: None,
            qualified: None,
            evidence: Vec::with_capacity(128),
            evidence_true: Vec::with_capacity(128),
            map,
            log: Vec::with_capacity(512),
            // One gate per stage left, one record per week (a delay adds a few).
            gates: Vec::with_capacity(Stage::ALL.len()),
            risks: Vec::new(),
            violations: Vec::new(),
            discovered: false,
            events_fired: vec![false; scn.events.len()],
            injects: Vec::new(),
            history: Vec::with_capacity(scn.file.project.bid_week as usize + 4),
            actions: Vec::with_capacity(256),
            evaluation: Vec::new(),
            committee_record: Vec::new(),
            warmth: vec![0.0; scn.people.len()],
            summaries: Vec::with_capacity(64),
            reports: Vec::with_capacity(64),
            next_report: Vec::with_capacity(128),
            scratch: Vec::new(),
            report_groups: Vec::with_capacity(32),
            cast_changes: 0,
            court_totals: [None; crate::sim::tender::MAX_VENDORS],
            scn,
        };
        g.brief_budget();
        if g.tender_week <= 1 {
            g.issue_tender();
        }
        g
    }

    /// What the briefing says of the budget. Government procurement publishes it (the
    /// procurement intention announces the figure); elsewhere the budget is the buyer's
    /// secret and the briefing passes on a rumour of known low reliability.
    fn brief_budget(&mut self) {
        let budget = self.scn.file.project.budget;
        if self.scn.budget_public() {
            self.published_budget = Some(budget);
            self.add_evidence(
                Fact::Key(KeyInfo::Budget),
                Value::Amount(budget),
                Source::Published,
                90.0,
                true,
            );
        } else {
            let f = self.dice.range(0.8, 1.25);
            let b = ((budget.max(1) as f64) * f) as u32;
            let ok = (b as i64 - budget as i64).abs() * 20 <= budget as i64;
            self.add_evidence(
                Fact::Key(KeyInfo::Budget),
                Value::Amount(b.max(1)),
                Source::Rumour,
                25.0,
                ok,
            );
        }
    }

    // ---- injects (a workshop room's facilitator) -----------------------------------

    /// Fire inject `i` in the current week: it lands at the end of this week, with no dice.
    /// Each inject fires at most once per game, and only while the weeks still run.
    pub fn fire_inject(&mut self, i: usize) -> Result<(), InjectError> {
        if i >= self.scn.injects.len() {
            return Err(InjectError::Unknown);
        }
        if self.phase != Phase::Playing {
            return Err(InjectError::WeeksOver);
        }
        if self.injects.iter().any(|&(_, j)| j == i) {
            return Err(InjectError::AlreadyFired);
        }
        self.injects.push((self.week, i));
        Ok(())
    }

    /// The injects fired so far: (week, inject index), in firing order.
    pub fn injects(&self) -> &[(u32, usize)] {
        &self.injects
    }

    // ---- read access for everyone (player-visible) ----------------------------------

    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scn
    }
    pub fn seed(&self) -> u64 {
        self.seed
    }
    pub fn week(&self) -> u32 {
        self.week
    }
    pub fn phase(&self) -> Phase {
        self.phase
    }
    pub fn stage(&self) -> Stage {
        self.stage
    }
    pub fn is_over(&self) -> bool {
        matches!(self.phase, Phase::Over(_))
    }
    pub fn outcome(&self) -> Option<Outcome> {
        match self.phase {
            Phase::Over(o) => Some(o),
            _ => None,
        }
    }
    pub fn rep_days_left(&self) -> u32 {
        self.rep_left
    }
    pub fn presales_days_left(&self) -> u32 {
        self.presales_left
    }
    pub fn executive_visits_left(&self) -> u32 {
        self.exec_left
    }
    /// Expenses spent so far, 万元.
    pub fn spent(&self) -> f64 {
        self.spent
    }
    /// The expense budget the company grants this account: the scenario's figure scaled
    /// by the account's tier (platinum ×1.25, gold ×1, silver ×0.8).
    pub fn expense_budget(&self) -> f64 {
        self.scn.file.resources.expense_budget * self.scn.tier_factor()
    }
    /// The week the tender document is (now) due; a delay announced by an event moves it.
    pub fn tender_week(&self) -> u32 {
        self.tender_week
    }
    /// The week bids are (now) due.
    pub fn bid_week(&self) -> u32 {
        self.bid_week
    }
    pub fn tender_issued(&self) -> bool {
        self.tender_rules.is_some()
    }
    /// The rules written into the issued tender.
    pub fn tender_rules(&self) -> Option<&[usize]> {
        self.tender_rules.as_deref()
    }
    /// A counter that moves whenever someone comes onto the map or leaves the account: a
    /// reader of [`Game::is_visible`] that saw the same count need not look again.
    pub fn cast_changes(&self) -> u32 {
        self.cast_changes
    }
    pub fn is_visible(&self, p: P) -> bool {
        self.people.get(p).is_some_and(|x| x.visible && x.active)
    }
    pub fn is_contacted(&self, p: P) -> bool {
        self.people.get(p).is_some_and(|x| x.contacted)
    }
    pub fn support(&self, p: P) -> Support {
        self.people.get(p).map(|x| x.support).unwrap_or_default()
    }
    /// Times the player has used this kind of action on `p` (the player knows his own history).
    pub fn times_used(&self, p: P, act: &Act) -> u32 {
        kind_ix(act).map_or(0, |k| self.times_used_kind(p, k))
    }
    /// [`Game::times_used`] for a kind index from [`kind_ix`].
    pub(crate) fn times_used_kind(&self, p: P, kind: usize) -> u32 {
        self.people[p].uses[kind] as u32
    }
    /// [`Game::times_used`] of every kind, by [`kind_ix`].
    pub(crate) fn uses(&self, p: P) -> &[u8; KINDS] {
        &self.people[p].uses
    }
    pub fn evidence(&self) -> &[Evidence] {
        &self.evidence
    }
    pub fn map(&self) -> &crate::sim::types::AccountMap {
        &self.map
    }
    pub fn log(&self) -> &[LogEntry] {
        &self.log
    }
    pub fn actions(&self) -> &[Act] {
        &self.actions
    }
    pub fn gates(&self) -> &[GateRecord] {
        &self.gates
    }
    pub fn bid(&self) -> Option<Bid> {
        self.bid
    }
    pub fn proposal_quality(&self) -> f64 {
        self.proposal
    }
    pub fn qualified(&self) -> Option<bool> {
        self.qualified
    }
    pub fn history(&self) -> &[WeekRecord] {
        &self.history
    }

    // ---- truth, for the debrief and tests (never for bots or the UI during play) ----

    /// Hidden truth about a person: (role, circle, style, need).
    pub fn truth_of(&self, p: P) -> (Role, Circle, Style, Need) {
        (
            self.role(p),
            self.circle(p),
            self.people[p].style,
            self.people[p].need,
        )
    }
    /// A person's true role in the purchase on this seed.
    pub fn role(&self, p: P) -> Role {
        self.scn.people[self.people[p].truth].role
    }
    /// A person's true power circle on this seed.
    pub fn circle(&self, p: P) -> Circle {
        self.scn.people[self.people[p].truth].circle
    }
    /// What key information a person holds on this seed.
    pub fn knows(&self, p: P) -> &[KeyInfo] {
        &self.scn.people[self.people[p].truth].knows
    }
    /// Whether the seed swapped this person's hidden role with someone's.
    pub fn role_swapped(&self, p: P) -> bool {
        self.people[p].truth != p
    }
    /// Proof of our product this person has seen and still remembers, 0..10.
    pub fn proof_seen(&self, p: P) -> f64 {
        self.people[p].proof
    }
    pub fn true_attitude(&self, p: P) -> f64 {
        self.people[p].attitude
    }
    pub fn true_rival_attitude(&self, p: P, v: V) -> f64 {
        self.people[p].rival_att[v]
    }
    pub fn true_trust(&self, p: P) -> f64 {
        self.people[p].trust
    }
    pub fn is_offended(&self, p: P) -> bool {
        self.people[p].offended
    }
    pub fn is_active(&self, p: P) -> bool {
        self.people[p].active
    }
    pub fn planted_by(&self, p: P) -> Option<V> {
        self.people[p].planted
    }
    pub fn true_budget(&self) -> i64 {
        self.budget
    }
    pub fn spec(&self, v: V) -> i32 {
        self.spec[v]
    }
    pub fn evidence_is_true(&self, i: usize) -> bool {
        self.evidence_true.get(i).copied().unwrap_or(false)
    }
    pub fn violations(&self) -> &[Hazard] {
        &self.violations
    }
    pub fn was_discovered(&self) -> bool {
        self.discovered
    }
    /// Each vendor's bid price and technical, business, price and total scores as the
    /// committee gave them when the bids were opened (announced, as at a public bid
    /// opening); empty before.
    pub fn evaluation(&self) -> &[crate::sim::tender::VendorScore] {
        &self.evaluation
    }
    /// The vendor each person favours now (hidden truth): the highest attitude, or none when all are below 10.
    pub fn true_allegiance(&self, p: P) -> Option<V> {
        let x = &self.people[p];
        let mut best = (None, 10.0);
        for v in 0..self.scn.vendors() {
            let a = if v == US { x.attitude } else { x.rival_att[v] };
            if a >= best.1 {
                best = (Some(v), a);
            }
        }
        best.0
    }
    /// The true decision maker now (after any reshuffle).
    pub fn true_decision_maker(&self) -> Option<P> {
        (0..self.people.len())
            .find(|&p| self.people[p].active && self.role(p) == Role::DecisionMaker)
    }

    // ---- internals shared by the rule modules --------------------------------------

    pub(crate) fn note(&mut self, seen: bool, kind: LogKind) {
        if let LogKind::Acted {
            act,
            reaction: Some(r),
            ..
        } = &kind
            && seen
            && let Some(p) = act.target()
        {
            self.warmth[p] += match r {
                Reaction::Enthusiastic => 3.0,
                Reaction::Positive => 1.5,
                Reaction::Neutral => 0.3,
                Reaction::Cool => -2.0,
                Reaction::Irritated => -4.0,
            };
        }
        self.log.push(LogEntry {
            week: self.week,
            seen,
            kind,
        });
    }

    /// The reactions `p` has shown to our actions, summed: enthusiastic +3, positive +1.5,
    /// neutral +0.3, cool −2, irritated −4. Player-visible: it is what the rep saw.
    pub fn warmth(&self, p: P) -> f64 {
        self.warmth.get(p).copied().unwrap_or(0.0)
    }

    pub(crate) fn add_evidence(
        &mut self,
        fact: Fact,
        value: Value,
        source: Source,
        reliability: f64,
        is_true: bool,
    ) {
        let e = Evidence {
            week: self.week,
            fact,
            value,
            source,
            reliability: reliability.clamp(0.0, 100.0) as u8,
        };
        self.evidence.push(e);
        self.evidence_true.push(is_true);
        self.refresh_summary(fact, self.evidence.len() - 1);
        self.note(true, LogKind::Evidence(e, is_true));
    }

    /// Persons who are active, in index order.
    pub(crate) fn active(&self) -> impl Iterator<Item = P> + '_ {
        (0..self.people.len()).filter(|&p| self.people[p].active)
    }
}

/// The index of the `i`-th person (counting from 0) for whom `keep` holds: a draw from a
/// list without building the list.
pub(crate) fn nth_where(people: &[Person], i: usize, keep: impl Fn(P, &Person) -> bool) -> P {
    people
        .iter()
        .enumerate()
        .filter(|&(q, x)| keep(q, x))
        .nth(i)
        .map(|(q, _)| q)
        .expect("fewer than i people qualify")
}

/// How many people `keep` holds for (see [`nth_where`]).
pub(crate) fn count_where(people: &[Person], keep: impl Fn(P, &Person) -> bool) -> usize {
    people
        .iter()
        .enumerate()
        .filter(|&(q, x)| keep(q, x))
        .count()
}

/// Index of an action kind in `Person::uses`.
pub(crate) fn kind_ix(act: &Act) -> Option<usize> {
    Some(match act {
        Act::ColdCall(_) => 0,
        Act::Meeting(_, Approach::ProbeNeeds) => 1,
        Act::Meeting(_, Approach::Fabe) => 2,
        Act::Meeting(_, Approach::Rapport) => 3,
        Act::Meeting(_, Approach::AskInfo(_)) => 4,
        Act::Meeting(_, Approach::WhereDoWeStand) => 5,
        Act::Meeting(_, Approach::ProposeNextStep) => 6,
        Act::Seminar(_) => 7,
        Act::Demo(_) => 8,
        Act::FactoryVisit(_) => 9,
        Act::ReferenceVisit(_) => 10,
        Act::ExecutiveVisit(_) => 11,
        Act::BusinessMeal(_) => 12,
        Act::Gift(_) => 13,
        Act::Kickback(_) => 14,
        Act::Develop(_) => 15,
        Act::ShapeTender(_) => 16,
        Act::Introduction { .. } => 17,
        Act::Reframe(_) => 18,
        _ => return None,
    })
}

/// Every key-information kind, for iteration.
pub const KEY_INFO: [KeyInfo; 5] = KeyInfo::ALL;
