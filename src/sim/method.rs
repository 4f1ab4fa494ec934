//! The method's consequences: who writes the tender for whom, who backs which vendor, what
//! the player's map is worth (only what evidence supports), whether the deal can be won,
//! what leaving a stage unprepared does, rivals' price reactions, and the moves left to a
//! vendor who is late or shut out (objection, reframing, partnering).
//!
//! Every rule here reads the account's state, never the player's action counts, and the
//! rules that decide a tender apply to the rivals exactly as to us.

use crate::scenario::schema::{Circle, KeyInfo, Role};
use crate::sim::game::{Game, Judgement};
use crate::sim::knowledge::same;
use crate::sim::model::{P, US, V};
use crate::sim::types::*;

/// What the player's map says about a fact, against the truth and his evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BeliefStatus {
    /// Nothing on the map.
    Empty,
    /// Right, and backed by evidence this player gathered.
    Right,
    /// Wrong (whatever the evidence).
    Wrong,
    /// Right, but typed without any evidence behind it: it counts nothing.
    Guess,
}

/// How much a person's word weighs in writing the tender, by his power circle.
fn circle_weight(c: Circle) -> f64 {
    match c {
        Circle::Core => 1.2,
        Circle::Political => 1.0,
        Circle::Watcher => 0.6,
        Circle::Unaware => 0.3,
    }
}

impl Game {
    /// The true value of a fact on this seed, as the map would hold it.
    pub fn truth(&self, fact: Fact) -> Option<Value> {
        Some(match fact {
            Fact::Role(p) => Value::Role(self.role(p)),
            Fact::Circle(p) => Value::Circle(self.circle(p)),
            Fact::Style(p) => Value::Style(self.people[p].style),
            Fact::Need(p) => Value::Need(self.people[p].need),
            Fact::Allegiance(p) => Value::Vendor(self.true_allegiance(p)?),
            Fact::Key(k) => self.true_value(k),
            Fact::Rank => Value::Rank(self.our_rank_today()),
            Fact::Rule(_) | Fact::RivalPrice(_) => return None,
        })
    }

    /// Whether evidence this player gathered backs `value` for `fact`. The decision maker
    /// is also backed by a report of that person's role.
    pub fn supported(&self, fact: Fact, value: Value) -> bool {
        self.evidence.iter().any(|e| {
            e.fact == fact && same(fact, e.value, value)
                || matches!((fact, value, e.fact, e.value),
                    (Fact::Key(KeyInfo::Participants), Value::Person(p), Fact::Role(q), Value::Role(Role::DecisionMaker)) if p == q)
        })
    }

    /// The map's entry for `fact` against the truth and the evidence.
    pub fn belief_status(&self, fact: Fact) -> BeliefStatus {
        let Some(v) = self.map.get(fact) else {
            return BeliefStatus::Empty;
        };
        let right = match (fact, self.truth(fact)) {
            (_, None) => false,
            (Fact::Key(KeyInfo::Budget), Some(t)) => same(fact, v, t),
            (_, Some(t)) => v == t,
        };
        if !right {
            BeliefStatus::Wrong
        } else if self.supported(fact, v) {
            BeliefStatus::Right
        } else {
            BeliefStatus::Guess
        }
    }

    /// How many entries of the map were typed without evidence (right or not, they count
    /// nothing): the five facts of each person and the five kinds of key information.
    pub fn guesses(&self) -> usize {
        (0..self.people.len())
            .flat_map(Fact::of_person)
            .chain(KeyInfo::ALL.map(Fact::Key))
            .filter(|&f| self.belief_status(f) == BeliefStatus::Guess)
            .count()
    }

    /// Whether the map holds the truth about `fact`, backed by evidence.
    pub fn belief_right(&self, fact: Fact) -> bool {
        self.belief_status(fact) == BeliefStatus::Right
    }

    /// How firmly a person is committed to a vendor: for us, the supporter we developed
    /// him into (informant, sponsor, coach); for a rival, the level its own courting has
    /// reached, read by the same attitude thresholds (an informant from
    /// `rival_insider_attitude`, a sponsor — political or core circle only — from
    /// `sponsor_attitude`, a coach from `coach_attitude`).
    pub fn commitment(&self, p: P, v: V) -> Support {
        let x = &self.people[p];
        if !x.active {
            return Support::None;
        }
        if v == US {
            return x.support;
        }
        let t = &self.scn.tuning;
        let a = x.rival_att[v];
        if a >= t.coach_attitude as f64 {
            Support::Coach
        } else if a >= t.sponsor_attitude as f64 && self.circle(p) >= Circle::Political {
            Support::Sponsor
        } else if a >= t.rival_insider_attitude as f64 {
            Support::Informant
        } else {
            Support::None
        }
    }

    /// The vendor a person backs: of the vendors he is committed to (an insider or more),
    /// the one he favours most; none when he is nobody's insider. Liking a vendor is not
    /// backing it: backing is what a developed insider does.
    pub fn backs(&self, p: P) -> Option<V> {
        let mut best: Option<(V, f64)> = None;
        for v in 0..self.scn.vendors() {
            if self.commitment(p, v) < Support::Informant {
                continue;
            }
            let a = self.att(p, v);
            if best.is_none_or(|b| a > b.1) {
                best = Some((v, a));
            }
        }
        best.map(|b| b.0)
    }

    /// Whether vendor `v` has a sponsor: someone in the political or core circle who backs
    /// it and has staked himself on it.
    pub fn backed_by_power(&self, v: V) -> bool {
        self.active().any(|p| {
            self.circle(p) >= Circle::Political
                && self.backs(p) == Some(v)
                && self.commitment(p, v) >= Support::Sponsor
        })
    }

    /// Whoever writes the tender writes it for the vendor he backs: each week before the
    /// tender is issued, every technical lead and user (watcher or closer) who is a
    /// vendor's insider adds its terms, by the weight of his circle and less as the terms
    /// already lean its way. Rivals and we are treated alike.
    pub(crate) fn writers_write(&mut self) {
        if self.tender_issued() {
            return;
        }
        let gain = self.scn.tuning.writer_gain;
        for p in 0..self.people.len() {
            if !self.people[p].active
                || !matches!(self.role(p), Role::TechnicalLead | Role::User)
                || self.circle(p) < Circle::Watcher
            {
                continue;
            }
            let Some(v) = self.backs(p) else {
                continue;
            };
            // The further the terms already lean, the less each week tilts them.
            let room = (100 - self.spec[v]).max(0) as f64 / 100.0;
            let amount = (gain * circle_weight(self.circle(p)) * room).round() as i32;
            if amount == 0 {
                continue;
            }
            self.spec[v] = self.spec[v].saturating_add(amount).min(100);
            self.note(
                false,
                LogKind::Wrote {
                    who: p,
                    vendor: v,
                    amount,
                },
            );
        }
    }

    /// What makes the deal unwinnable now, if anything: the engine's answer to "can we
    /// win?", from this seed's state (never from the scenario's trap flag).
    pub fn blocker(&self) -> Option<Blocker> {
        let rules = &self.scn.rules;
        if let Some(i) = (0..rules.len()).find(|&i| !rules[i].met_by[US] && self.rule_in_tender(i))
        {
            return Some(Blocker::RuleWeFail(i));
        }
        let lead = (1..self.scn.vendors()).max_by_key(|&v| (self.spec[v], std::cmp::Reverse(v)));
        if let Some(v) = lead
            && self.spec[v] - self.spec[US] >= 40
        {
            return Some(Blocker::SpecForRival(v));
        }
        if let Some(dm) = self.true_decision_maker() {
            let ours = self.att(dm, US);
            if let Some(v) = (1..self.scn.vendors()).find(|&v| self.att(dm, v) >= 60.0)
                && ours < 10.0
            {
                return Some(Blocker::DecisionMakerSet(v));
            }
        }
        // A lead that arrives with the tender days away and nobody behind us: judged at
        // qualification only (running out of the time one had is no reason the deal could
        // not be won).
        if self.stage == Stage::Qualification
            && self.tender_week.saturating_sub(self.week) <= 2
            && !self.backed_by_power(US)
        {
            return Some(Blocker::Rushed);
        }
        None
    }

    /// Whether the player holds evidence of what blocks the deal.
    pub fn blocker_evidenced(&self, b: Blocker) -> bool {
        let inside = |s: Source| matches!(s, Source::Person(_) | Source::Informant(_));
        match b {
            Blocker::RuleWeFail(i) => self
                .evidence
                .iter()
                .any(|e| e.fact == Fact::Rule(i) && e.value == Value::Yes(true)),
            Blocker::SpecForRival(v) => self.evidence.iter().any(|e| {
                inside(e.source)
                    && (e.fact == Fact::Key(KeyInfo::Competition) && e.value == Value::Vendor(v)
                        || e.fact == Fact::Rank && matches!(e.value, Value::Rank(r) if r >= 2))
            }),
            Blocker::DecisionMakerSet(v) => {
                let dm = self.true_decision_maker();
                self.evidence.iter().any(|e| {
                    e.value == Value::Vendor(v)
                        && (e.fact == Fact::Key(KeyInfo::Competition)
                            || dm.is_some_and(|d| e.fact == Fact::Allegiance(d)))
                })
            }
            Blocker::Rushed => self.evidence.iter().any(|e| {
                e.fact == Fact::Key(KeyInfo::Process) && e.value == Value::Week(self.tender_week)
            }),
        }
    }

    /// The judgement of "can we win?" now, with whether the player can see why not.
    pub(crate) fn judge(&self) -> Judgement {
        let blocker = self.blocker();
        Judgement {
            week: self.week,
            blocker,
            evidenced: blocker.is_some_and(|b| self.blocker_evidenced(b)),
        }
    }

    /// The judgement recorded when the player walked away (or qualified out).
    pub fn walk_judgement(&self) -> Option<Judgement> {
        self.walk_judgement
    }

    /// The judgement recorded at the qualification decision.
    pub fn qualify_judgement(&self) -> Option<Judgement> {
        self.qualify_judgement
    }

    /// What leaving a stage with unmet checks does in the account (the gate is not only a
    /// score): pitching a solution before the account is understood irritates a decision
    /// maker who has not accepted us; opening price talks while the terms favour a rival
    /// hands our figures to the buyer, who uses them to press the favourite to sharpen.
    /// A move the tender forced has no such consequence: the player did not choose it.
    pub(crate) fn gate_consequences(&mut self, stage: Stage, unmet: &[Check], forced: bool) {
        if forced {
            return;
        }
        match stage {
            Stage::InitialContact
                if unmet
                    .iter()
                    .any(|c| matches!(c, Check::PeopleAcceptUs | Check::KnowDecisionMaker)) =>
            {
                if let Some(dm) = self.true_decision_maker()
                    && self.people[dm].attitude < 10.0
                {
                    let x = &mut self.people[dm];
                    x.attitude = (x.attitude - 5.0).max(-100.0);
                }
            }
            Stage::Technical
                if unmet
                    .iter()
                    .any(|c| matches!(c, Check::WeSetTheRules | Check::WeQualify)) =>
            {
                if let Some(v) = self.leading_rival() {
                    self.rival_cuts(v);
                }
            }
            _ => {}
        }
    }

    /// Rivals whose insiders tell them they are not first cut their price, once, never
    /// below what they can justify. A cut leaves traces the player can gather: an
    /// informant hears of it; a friendly contact may pass on the rumour.
    pub(crate) fn rivals_react(&mut self) {
        if !self.tender_issued() {
            return;
        }
        let mut ranks = [0u8; crate::sim::tender::MAX_VENDORS];
        self.ranks_today_into(&mut ranks);
        let n = self.scn.vendors();
        for (v, &rank) in ranks.iter().enumerate().take(n).skip(1) {
            if rank != 1 && !self.rival_cut[v] && self.backed_by_power(v) {
                self.rival_cuts(v);
            }
        }
    }

    /// Rival `v` sharpens its price once.
    pub(crate) fn rival_cuts(&mut self, v: V) {
        if self.rival_cut[v] {
            return;
        }
        self.rival_cut[v] = true;
        let r = self.scn.rival(v);
        let cut = self.scn.tuning.rival_price_cut * (1.0 + r.aggressiveness / 100.0);
        let floor = self.rival_floor(v);
        let price = ((self.rival_price[v] as f64 * (1.0 - cut)) as u32).max(floor);
        self.rival_price[v] = price;
        self.note(false, LogKind::RivalCut { rival: v, price });
        let informant = self.active().find(|&p| {
            self.people[p].support >= Support::Informant && self.people[p].planted.is_none()
        });
        if let Some(p) = informant {
            self.add_evidence(
                Fact::RivalPrice(v),
                Value::Amount(price),
                Source::Informant(p),
                60.0,
                true,
            );
        } else if self
            .active()
            .any(|p| self.people[p].contacted && self.people[p].attitude >= 20.0)
            && self.dice.chance(0.5)
        {
            let heard = (price as f64 * self.dice.range(0.95, 1.05)) as u32;
            self.add_evidence(
                Fact::RivalPrice(v),
                Value::Amount(heard.max(1)),
                Source::Rumour,
                30.0,
                (heard as i64 - price as i64).abs() * 20 <= price as i64,
            );
        }
    }

    /// The lowest price rival `v` can justify (its cost), 万元.
    pub(crate) fn rival_floor(&self, v: V) -> u32 {
        ((self.budget.max(1) as f64) * self.scn.rival(v).floor).max(1.0) as u32
    }

    /// Formal objection (质疑) against a term written around a rival: upheld when the
    /// tender holds a rule we fail that only a rival's shaping put there (the rule is struck
    /// and the bid deadline moves a week for the review); those who wrote it and the decision
    /// maker resent it. A groundless objection is dismissed and annoys the buyer.
    pub(crate) fn object(&mut self) {
        self.objected = true;
        let rules = self.tender_rules.clone().unwrap_or_default();
        let target = rules
            .iter()
            .copied()
            .find(|&i| !self.scn.rules[i].always && !self.scn.rules[i].met_by[US]);
        self.note(
            true,
            LogKind::Acted {
                act: Act::Objection,
                reaction: None,
                delta: 0.0,
                repeat: 0,
            },
        );
        match target {
            Some(i) => {
                if let Some(r) = self.tender_rules.as_mut() {
                    r.retain(|&x| x != i);
                }
                self.bid_week += 1;
                self.note(
                    true,
                    LogKind::Rescheduled {
                        tender: None,
                        bid: (self.bid_week - 1, self.bid_week),
                        cause: DelayCause::Objection,
                    },
                );
                for p in 0..self.people.len() {
                    let writes = matches!(self.role(p), Role::TechnicalLead | Role::User)
                        && self.backs(p).is_some_and(|v| v != US);
                    if self.people[p].active && (writes || self.role(p) == Role::DecisionMaker) {
                        let x = &mut self.people[p];
                        x.attitude = (x.attitude - 8.0).max(-100.0);
                    }
                }
                self.add_evidence(
                    Fact::Rule(i),
                    Value::Yes(false),
                    Source::Tender,
                    100.0,
                    true,
                );
                self.note(
                    true,
                    LogKind::Objected {
                        rule: Some(i),
                        upheld: true,
                    },
                );
            }
            None => {
                for p in 0..self.people.len() {
                    if self.people[p].active
                        && matches!(self.role(p), Role::Procurement | Role::DecisionMaker)
                    {
                        let x = &mut self.people[p];
                        x.attitude = (x.attitude - 5.0).max(-100.0);
                    }
                }
                self.note(
                    true,
                    LogKind::Objected {
                        rule: None,
                        upheld: false,
                    },
                );
            }
        }
    }

    /// A sponsor argues for new buying criteria before the tender is written: the terms
    /// drafted around the rivals lose ground, ours gain a little. It spends his capital
    /// (trust) and works less each time.
    pub(crate) fn reframe(&mut self, p: P, act: &Act) {
        let k = crate::sim::game::kind_ix(act).unwrap_or(0);
        let n = self.people[p].uses[k] as f64;
        self.people[p].uses[k] = self.people[p].uses[k].saturating_add(1);
        let w = match self.circle(p) {
            Circle::Core => 1.0,
            Circle::Political => 0.6,
            _ => 0.3,
        } / (1.0 + n);
        let down = (12.0 * w).round() as i32;
        for v in 1..self.scn.vendors() {
            self.spec[v] = (self.spec[v] - down).max(0);
        }
        self.spec[US] = self.spec[US]
            .saturating_add((6.0 * w).round() as i32)
            .min(100);
        let x = &mut self.people[p];
        x.trust = (x.trust - 5.0).max(0.0);
        self.note(
            true,
            LogKind::Acted {
                act: *act,
                reaction: None,
                delta: 0.0,
                repeat: n as u32,
            },
        );
        self.note(true, LogKind::Reframed(p, down));
    }

    /// Offer to work under rival `v`. The favourite takes a partner only if the partner
    /// brings something: it leads, we are second and close behind it in the customer's
    /// mind today. Our share of its contract follows our technical score against its own;
    /// a refused offer is not made twice.
    pub(crate) fn partner(&mut self, v: V) {
        self.partner_refused[v] = true;
        let mut scores = [crate::sim::tender::VendorScore::EMPTY; crate::sim::tender::MAX_VENDORS];
        let n = self.scores_today_into(&mut scores);
        let ranks = crate::sim::tender::rank_of(&scores[..n]);
        let close = scores[v].total - scores[US].total <= 8.0;
        let accepted = ranks[v] == 1 && ranks[US] == 2 && scores[US].rejected.is_none() && close;
        self.note(
            true,
            LogKind::Acted {
                act: Act::Partner(v),
                reaction: None,
                delta: 0.0,
                repeat: 0,
            },
        );
        self.note(true, LogKind::PartnerOffer { rival: v, accepted });
        if accepted {
            let share = 0.3 * (scores[US].technical / scores[v].technical.max(1.0)).min(1.0);
            let price = ((self.rival_price[v] as f64) * share).round().max(1.0) as u32;
            self.phase = crate::sim::game::Phase::Over(Outcome::Partnered {
                rival: v,
                price,
                margin: 0.12,
            });
        }
    }
}
