//! What each action costs, when it is legal, and what it does to the account.

use crate::scenario::schema::{Circle, KeyInfo, Role};
use crate::sim::game::{Bid, Game, Person, Phase, Risk, count_where, kind_ix, nth_where};
use crate::sim::model::{Criterion, P, US, V};
use crate::sim::tuning::{Cost, Effect};
use crate::sim::types::*;

impl Game {
    /// What an action costs: rep days, pre-sales days and expenses (万元).
    pub fn cost_of(&self, act: &Act) -> Cost {
        let t = &self.scn.tuning;
        let free = Cost {
            rep_days: 0,
            presales_days: 0,
            expense: 0.0,
        };
        match act {
            Act::DeskResearch => t.cost_desk_research,
            Act::ColdCall(_) => t.cost_cold_call,
            Act::Introduction { .. } => t.cost_introduction,
            Act::Meeting(..) => t.cost_meeting,
            Act::Seminar(_) => t.cost_seminar,
            Act::Demo(_) => t.cost_demo,
            Act::FactoryVisit(_) => t.cost_factory_visit,
            Act::ReferenceVisit(_) => t.cost_reference_visit,
            Act::Endorsement => t.cost_endorsement,
            Act::ExecutiveVisit(_) => t.cost_executive_visit,
            Act::BusinessMeal(_) => t.cost_business_meal,
            Act::Develop(_) => t.cost_develop,
            Act::ShapeTender(_) => t.cost_shape_tender,
            Act::Clarification => t.cost_clarification,
            Act::Objection => t.cost_objection,
            Act::Reframe(_) => t.cost_reframe,
            Act::Partner(_) => t.cost_partner,
            Act::Proposal => t.cost_proposal,
            Act::Gift(_) => t.cost_gift,
            Act::Kickback(_) => t.cost_kickback,
            Act::ObtainRivalBid => t.cost_obtain_rival_bid,
            _ => free,
        }
    }

    /// Whether `act` may be played now, and why not.
    pub fn check(&self, act: &Act) -> Result<(), Illegal> {
        use Illegal::*;
        if let Act::Believe(fact, value) = act {
            // The map is closed with the game: the debrief grades it as it stood.
            if self.is_over() {
                return Err(GameOver);
            }
            let vendors = self.scn.vendors();
            let bad_vendor = |v: &V| *v >= vendors;
            if let Fact::RivalPrice(v) = fact
                && bad_vendor(v)
            {
                return Err(BadBelief);
            }
            if let Some(Value::Vendor(v)) = value
                && bad_vendor(v)
            {
                return Err(BadBelief);
            }
            return self.map.fits(*fact, *value).map_err(|_| BadBelief);
        }
        match self.phase {
            Phase::Over(_) => return Err(GameOver),
            Phase::Negotiating => {
                return if matches!(act, Act::Negotiate(_)) {
                    Ok(())
                } else {
                    Err(WrongStage)
                };
            }
            Phase::Playing => {}
        }
        if let Some(p) = act.target() {
            if p >= self.people.len() || !self.is_visible(p) {
                return Err(UnknownPerson);
            }
            let needs_contact = !matches!(act, Act::ColdCall(_) | Act::Introduction { .. });
            if needs_contact && !self.people[p].contacted {
                return Err(NoContact);
            }
        }
        let stage = self.stage;
        let at_least = |s: Stage| if stage >= s { Ok(()) } else { Err(WrongStage) };
        match *act {
            Act::DeskResearch | Act::WalkAway | Act::EndWeek => {}
            Act::ColdCall(p) => {
                if self.people[p].contacted {
                    return Err(AlreadyContacted);
                }
            }
            Act::Introduction { from, to } => {
                if from >= self.people.len() || !self.is_visible(from) || from == to {
                    return Err(UnknownPerson);
                }
                if !self.people[from].contacted {
                    return Err(NoContact);
                }
                if self.people[to].contacted {
                    return Err(AlreadyContacted);
                }
                if self.people[from].attitude < 10.0 {
                    return Err(IntroducerUnwilling);
                }
            }
            Act::Meeting(..) => {}
            Act::BusinessMeal(_)
            | Act::Develop(_)
            | Act::ExecutiveVisit(_)
            | Act::Gift(_)
            | Act::Kickback(_) => at_least(Stage::InitialContact)?,
            Act::Seminar(_)
            | Act::Demo(_)
            | Act::FactoryVisit(_)
            | Act::ReferenceVisit(_)
            | Act::Endorsement => at_least(Stage::Technical)?,
            Act::Proposal => at_least(Stage::Technical)?,
            Act::ShapeTender(_) => {
                at_least(Stage::Technical)?;
                if self.tender_issued() {
                    return Err(TenderIssued);
                }
            }
            Act::Clarification => {
                if !self.tender_issued() {
                    return Err(TenderNotIssued);
                }
                if self.clarified {
                    return Err(AlreadyDone);
                }
            }
            Act::ObtainRivalBid => {
                if !self.tender_issued() {
                    return Err(TenderNotIssued);
                }
            }
            Act::Objection => {
                if !self.tender_issued() {
                    return Err(TenderNotIssued);
                }
                if self.objected {
                    return Err(AlreadyDone);
                }
            }
            Act::Reframe(p) => {
                at_least(Stage::Technical)?;
                if self.tender_issued() {
                    return Err(TenderIssued);
                }
                if self.people[p].support < Support::Sponsor {
                    return Err(NotASponsor);
                }
            }
            Act::Partner(v) => {
                if v == US || v >= self.scn.vendors() {
                    return Err(UnknownVendor);
                }
                if !self.tender_issued() {
                    return Err(TenderNotIssued);
                }
                if self.bid.is_some() {
                    return Err(AlreadyBid);
                }
                if self.partner_refused[v] {
                    return Err(AlreadyDone);
                }
            }
            Act::Bid { price, .. } => {
                if !self.tender_issued() {
                    return Err(TenderNotIssued);
                }
                if self.bid.is_some() {
                    return Err(AlreadyBid);
                }
                if price == 0 {
                    return Err(BadPrice);
                }
            }
            Act::Negotiate(_) => return Err(WrongStage),
            Act::Qualify(_) => {
                if stage != Stage::Qualification || self.qualified.is_some() {
                    return Err(AlreadyDone);
                }
            }
            Act::Advance => {
                if !matches!(stage, Stage::InitialContact | Stage::Technical) {
                    return Err(WrongStage);
                }
            }
            Act::Believe(..) => {}
        }
        if let Act::ExecutiveVisit(_) = act
            && self.exec_left == 0
        {
            return Err(NoExecutiveVisits);
        }
        let c = self.cost_of(act);
        if c.rep_days > self.rep_left {
            return Err(NoRepDays);
        }
        if c.presales_days > self.presales_left {
            return Err(NoPresalesDays);
        }
        if self.spent + c.expense > self.expense_budget() + 1e-9 {
            return Err(NoMoney);
        }
        Ok(())
    }

    /// Play one action. An illegal action changes nothing and says why.
    pub fn apply(&mut self, act: Act) -> Result<(), Illegal> {
        self.check(&act)?;
        self.actions.push(act);
        if let Act::Believe(fact, value) = act {
            // check() has proved the belief fits.
            let _ = self.map.set(fact, value);
            return Ok(());
        }
        let c = self.cost_of(&act);
        self.rep_left -= c.rep_days;
        self.presales_left -= c.presales_days;
        self.spent += c.expense;
        if let Some(p) = act.target()
            && self.role(p) == Role::DecisionMaker
            && !matches!(act, Act::Introduction { .. } | Act::ColdCall(_))
        {
            self.check_bypass();
        }
        let scn = self.scn.clone();
        let t = &scn.tuning;
        match act {
            Act::DeskResearch => self.desk_research(),
            Act::ColdCall(p) => {
                self.people[p].contacted = true;
                self.people[p].met_week = Some(self.week);
                self.influence(p, &act, &t.cold_call);
                // People say what their job is (what the title suggests); their role in the
                // purchase may differ on this seed.
                let said = self.scn.people[p].role;
                let is_true = said == self.role(p);
                self.add_evidence(
                    Fact::Role(p),
                    Value::Role(said),
                    Source::Person(p),
                    40.0,
                    is_true,
                );
            }
            Act::Introduction { from, to } => {
                let warmth = (self.people[from].attitude / 100.0).clamp(0.0, 1.0);
                let x = &mut self.people[to];
                x.contacted = true;
                x.introduced = true;
                x.met_week = Some(self.week);
                x.trust = (x.trust + t.introduction_trust).min(100.0);
                x.attitude = (x.attitude + 10.0 * warmth).min(100.0);
                self.note(
                    true,
                    LogKind::Acted {
                        act,
                        reaction: Some(Reaction::Positive),
                        delta: 10.0 * warmth,
                        repeat: 0,
                    },
                );
            }
            Act::Meeting(p, a) => self.meeting(p, a, &act),
            Act::Seminar(p) => {
                self.influence(p, &act, &t.seminar);
                self.spill(p, &act, &t.seminar);
                self.prove(p, &act, 1.0);
            }
            Act::Demo(p) => {
                self.influence(p, &act, &t.demo);
                self.spill(p, &act, &t.demo);
                self.prove(p, &act, 2.0);
            }
            Act::FactoryVisit(p) => {
                self.influence(p, &act, &t.factory_visit);
                self.prove(p, &act, 2.0);
            }
            Act::ReferenceVisit(p) => {
                self.influence(p, &act, &t.reference_visit);
                self.prove(p, &act, 2.0);
            }
            Act::Endorsement => {
                // The authority's letter works through the members we put it in front of.
                let members: Vec<P> = self.committee.clone();
                for m in members {
                    if self.people[m].active && self.people[m].contacted {
                        self.influence(m, &act, &t.endorsement);
                        self.prove(m, &act, 2.0);
                    }
                }
                self.note(
                    true,
                    LogKind::Acted {
                        act,
                        reaction: None,
                        delta: 0.0,
                        repeat: 0,
                    },
                );
            }
            Act::ExecutiveVisit(p) => {
                self.exec_left -= 1;
                self.influence(p, &act, &t.executive_visit);
            }
            Act::BusinessMeal(p) => {
                self.influence(p, &act, &t.business_meal);
            }
            Act::Develop(p) => self.develop(p, &act),
            Act::ShapeTender(p) => self.shape(p, &act),
            Act::Objection => self.object(),
            Act::Reframe(p) => self.reframe(p, &act),
            Act::Partner(v) => self.partner(v),
            Act::Clarification => {
                self.clarified = true;
                self.proposal = (self.proposal + 15.0).min(100.0);
                if let Some(dm) = self.true_decision_maker() {
                    self.add_evidence(
                        Fact::Key(KeyInfo::Participants),
                        Value::Person(dm),
                        Source::Tender,
                        70.0,
                        true,
                    );
                }
                self.note(
                    true,
                    LogKind::Acted {
                        act,
                        reaction: None,
                        delta: 0.0,
                        repeat: 0,
                    },
                );
            }
            Act::Proposal => {
                self.proposal += (100.0 - self.proposal) * (t.proposal_gain / 100.0);
                self.note(
                    true,
                    LogKind::Acted {
                        act,
                        reaction: None,
                        delta: 0.0,
                        repeat: 0,
                    },
                );
            }
            Act::Bid { price, emphasis } => {
                self.bid = Some(Bid { price, emphasis });
                self.note(
                    true,
                    LogKind::Acted {
                        act,
                        reaction: None,
                        delta: 0.0,
                        repeat: 0,
                    },
                );
            }
            Act::Negotiate(stance) => self.negotiate(stance),
            Act::Gift(p) => {
                self.influence(p, &act, &t.gift);
                self.violations.push(Hazard::Gift);
                self.risks.push(Risk {
                    what: Hazard::Gift,
                    weekly: t.gift_risk,
                });
            }
            Act::Kickback(p) => {
                self.influence(p, &act, &t.kickback);
                self.violations.push(Hazard::Kickback);
                self.risks.push(Risk {
                    what: Hazard::Kickback,
                    weekly: t.kickback_risk,
                });
            }
            Act::ObtainRivalBid => {
                for v in 1..self.scn.vendors() {
                    let price = self.rival_price[v];
                    self.add_evidence(
                        Fact::RivalPrice(v),
                        Value::Amount(price),
                        Source::Rumour,
                        90.0,
                        true,
                    );
                }
                self.violations.push(Hazard::Leak);
                self.risks.push(Risk {
                    what: Hazard::Leak,
                    weekly: t.leak_risk,
                });
            }
            Act::Qualify(go) => {
                self.qualified = Some(go);
                self.qualify_judgement = Some(self.judge());
                self.note(true, LogKind::Qualified(go));
                if go {
                    self.leave_stage(false);
                } else {
                    self.walk_away();
                }
            }
            Act::Advance => self.leave_stage(false),
            Act::WalkAway => self.walk_away(),
            Act::EndWeek => self.end_week(),
            Act::Believe(..) => {}
        }
        Ok(())
    }

    fn walk_away(&mut self) {
        self.walk_judgement = Some(self.judge());
        // Walking away from a stage past qualification closes it: its gate is recorded as it
        // stood (a no-go at qualification is the qualification decision itself).
        if self.stage > Stage::Qualification && !Check::of(self.stage).is_empty() {
            let checks = Check::of(self.stage)
                .iter()
                .map(|&c| (c, self.check_holds(c)))
                .collect();
            self.gates.push(GateRecord {
                week: self.week,
                stage: self.stage,
                checks,
                forced: false,
            });
        }
        self.note(true, LogKind::WalkedAway);
        self.phase = Phase::Over(Outcome::WalkedAway { week: self.week });
    }

    /// Record the gate of the stage being left, then move on.
    pub(crate) fn leave_stage(&mut self, forced: bool) {
        let checks: Vec<(Check, bool)> = Check::of(self.stage)
            .iter()
            .map(|&c| (c, self.check_holds(c)))
            .collect();
        let unmet: Vec<Check> = checks.iter().filter(|c| !c.1).map(|c| c.0).collect();
        if !unmet.is_empty() {
            self.gate_consequences(self.stage, &unmet, forced);
            self.note(
                true,
                LogKind::GateSkipped {
                    stage: self.stage,
                    unmet,
                },
            );
        }
        self.gates.push(GateRecord {
            week: self.week,
            stage: self.stage,
            checks,
            forced,
        });
        let next = if forced {
            Stage::Tender
        } else {
            self.stage.next().unwrap_or(Stage::Contract)
        };
        self.stage = next;
        self.note(true, LogKind::StageChanged(next));
    }

    /// Whether a gate check really holds now (the engine's truth).
    pub fn check_holds(&self, c: Check) -> bool {
        let f = &self.scn.file;
        match c {
            // Funded: a published budget, or a figure from the buyer's own people (a
            // rumour proves nothing).
            Check::IsReal => self.evidence.iter().any(|e| {
                e.fact == Fact::Key(KeyInfo::Budget)
                    && matches!(
                        e.source,
                        Source::Published
                            | Source::Tender
                            | Source::Desk
                            | Source::Person(_)
                            | Source::Informant(_)
                    )
            }),
            Check::CanCompete => self.scn.rules.iter().all(|r| !r.always || r.met_by[US]),
            Check::CanWin => self.blocker().is_none(),
            Check::WorthWinning => {
                let l = f.our_company.list_price as f64;
                (l - f.our_company.cost as f64) / l >= 0.15 && self.scn.attractiveness() >= 3.0
            }
            Check::PeopleAcceptUs => {
                self.active()
                    .filter(|&p| self.people[p].attitude >= 20.0)
                    .count()
                    >= 2
            }
            Check::OrgUnderstood => {
                let key: Vec<P> = self
                    .active()
                    .filter(|&p| self.circle(p) >= Circle::Political)
                    .collect();
                let right = key
                    .iter()
                    .filter(|&&p| self.belief_right(Fact::Role(p)))
                    .count();
                !key.is_empty() && right * 10 >= key.len() * 7
            }
            Check::HaveInsider => self
                .people
                .iter()
                .any(|x| x.active && x.support >= Support::Informant),
            Check::KeyInfoLearned => self.key_info_right() >= 4,
            Check::KnowDecisionMaker => self.belief_right(Fact::Key(KeyInfo::Participants)),
            Check::WeSetTheRules => {
                let best_rival = (1..self.scn.vendors())
                    .map(|v| self.spec[v])
                    .max()
                    .unwrap_or(0);
                self.spec[US] >= 30 && self.spec[US] >= best_rival + 10
            }
            Check::RivalShielded => {
                let ranks = self.ranks_today();
                let threat = (1..self.scn.vendors()).min_by_key(|&v| ranks[v]);
                match threat {
                    None => true,
                    Some(r) => {
                        let rules = self.rules_in_draft();
                        rules.iter().any(|&i| !self.scn.rules[i].met_by[r])
                            || self.spec[US] - self.spec[r] >= 25
                    }
                }
            }
            Check::WeQualify => self
                .rules_in_draft()
                .iter()
                .all(|&i| self.scn.rules[i].met_by[US]),
            Check::DecisionMakerWon => {
                crate::sim::judge::dm_favours_us(self, crate::sim::judge::Seen::True) == Some(true)
            }
            Check::SponsorSecured => self
                .people
                .iter()
                .any(|x| x.active && x.support >= Support::Sponsor),
            Check::FirstInRank => self.our_rank_today() == 1,
            Check::CustomerDependsOnUs => self.active().any(|p| {
                matches!(self.role(p), Role::TechnicalLead | Role::User)
                    && self.circle(p) >= Circle::Political
                    && self.backs(p) == Some(US)
                    && self.people[p].trust >= 40.0
            }),
            Check::FirstInDecisionMakersMind => self
                .true_decision_maker()
                .is_some_and(|d| self.true_allegiance(d) == Some(US)),
            Check::CanGoAllIn => {
                self.our_rank_today() == 1
                    && self.blocker().is_none()
                    && self.belief_right(Fact::Key(KeyInfo::Budget))
            }
        }
    }

    /// How many of the five kinds of key information the map holds correctly, each backed
    /// by evidence this player gathered (a typed guess counts nothing).
    pub fn key_info_right(&self) -> usize {
        KeyInfo::ALL
            .iter()
            .filter(|&&k| self.belief_right(Fact::Key(k)))
            .count()
    }

    /// The rival the customer leans to now (the "Competition" key information).
    pub fn leading_rival(&self) -> Option<V> {
        let mut ranks = [0u8; crate::sim::tender::MAX_VENDORS];
        self.ranks_today_into(&mut ranks);
        (1..self.scn.vendors()).min_by_key(|&v| ranks[v])
    }

    /// Engaging the decision maker before the technical lead has been met goes over his head.
    fn check_bypass(&mut self) {
        let t = self.scn.tuning.bypass_penalty as f64;
        for p in 0..self.people.len() {
            let d = &self.scn.people[p];
            let x = &self.people[p];
            let _ = d;
            if x.active && self.role(p) == Role::TechnicalLead && !x.contacted && !x.bypassed {
                let x = &mut self.people[p];
                x.bypassed = true;
                x.attitude = (x.attitude - t).max(-100.0);
                self.note(false, LogKind::Bypassed(p));
            }
        }
    }

    /// Move a person by an action, by his hidden style and need, trust, repetition and chance.
    pub(crate) fn influence(&mut self, p: P, act: &Act, e: &Effect) -> f64 {
        let k = kind_ix(act).unwrap_or(0);
        let noise = self.scn.tuning.noise;
        let factor = self.scn.tuning.repeat_factor;
        let roll = self.dice.range(1.0 - noise, 1.0 + noise);
        let x = &mut self.people[p];
        let n = x.uses[k];
        x.uses[k] = x.uses[k].saturating_add(1);
        let rep = repetition(factor, n);
        let mut delta = e.base * e.style[x.style as usize] * e.need[x.need as usize] * roll;
        if delta > 0.0 {
            // Good things wear off with repetition; irritation does not.
            delta *= rep * (0.6 + 0.8 * x.trust / 100.0);
            if x.offended {
                delta *= 0.5;
            }
        } else {
            x.irritation -= delta;
        }
        x.attitude = (x.attitude + delta).clamp(-100.0, 100.0);
        x.trust = (x.trust + e.trust * rep).clamp(0.0, 100.0);
        let reaction = Reaction::from_delta(delta);
        self.note(
            true,
            LogKind::Acted {
                act: *act,
                reaction: Some(reaction),
                delta,
                repeat: n as u32,
            },
        );
        let limit = self.scn.tuning.offence_drop as f64;
        if delta < -limit || self.people[p].irritation > 2.0 * limit {
            self.offend(p);
        }
        delta
    }

    /// Demonstrated proof of our product adds technical points (up to 10); showing the same
    /// thing to the same person again proves little more.
    /// It counts in the technical score of the committee member who saw it (and wears off).
    fn prove(&mut self, p: P, act: &Act, gain: f64) {
        let k = kind_ix(act).unwrap_or(0);
        let earlier = self.people[p].uses[k].saturating_sub(1);
        let g = gain
            * repetition(
                self.scn.tuning.repeat_factor * self.scn.tuning.repeat_factor,
                earlier,
            );
        let x = &mut self.people[p];
        x.proof = (x.proof + g).min(10.0);
    }

    /// Half the effect of a technical session reaches the engineers who report to `p`
    /// (when `p` leads a technical or using department).
    fn spill(&mut self, p: P, act: &Act, e: &Effect) {
        // A technical session for a technical department reaches its engineers; one held
        // for the boss does not reach his whole staff.
        if !matches!(self.role(p), Role::TechnicalLead | Role::User) {
            return;
        }
        let half = Effect {
            base: e.base * 0.5,
            trust: e.trust * 0.5,
            ..*e
        };
        for q in 0..self.people.len() {
            if q != p && self.people[q].active && self.scn.people[q].reports_to == Some(p) {
                let roll = self.dice.range(0.8, 1.2);
                let x = &mut self.people[q];
                let d =
                    half.base * half.style[x.style as usize] * half.need[x.need as usize] * roll;
                x.attitude = (x.attitude + d).clamp(-100.0, 100.0);
                x.trust = (x.trust + half.trust).min(100.0);
                // The engineers saw the session too: half its proof stays with them.
                x.proof = (x.proof + 0.5).min(10.0);
                self.note(
                    false,
                    LogKind::Acted {
                        act: *act,
                        reaction: None,
                        delta: d,
                        repeat: 0,
                    },
                );
            }
        }
    }

    pub(crate) fn offend(&mut self, p: P) {
        if self.people[p].offended {
            return;
        }
        self.people[p].offended = true;
        self.note(false, LogKind::Offended(p));
        if self.role(p) == Role::DecisionMaker {
            let ripple = self.scn.tuning.owner_offence_ripple as f64;
            for q in 0..self.people.len() {
                if q != p && self.circle(q) >= Circle::Political {
                    let x = &mut self.people[q];
                    x.attitude = (x.attitude - ripple).max(-100.0);
                }
            }
        }
    }

    fn meeting(&mut self, p: P, a: Approach, act: &Act) {
        let scn = self.scn.clone();
        let t = &scn.tuning;
        if self.people[p].met_week.is_none() {
            self.people[p].met_week = Some(self.week);
        }
        match a {
            Approach::ProbeNeeds => {
                self.influence(p, act, &t.probe_needs);
                let trust = self.people[p].trust;
                let (_, _, style, need) = self.truth_of(p);
                let rel = 45.0 + trust / 3.0;
                let ok = self.dice.chance(0.6 + trust / 250.0);
                let shown = if ok {
                    style
                } else {
                    other(style, &mut self.dice)
                };
                self.add_evidence(
                    Fact::Style(p),
                    Value::Style(shown),
                    Source::Person(p),
                    rel,
                    ok,
                );
                let ok = self.dice.chance(0.5 + trust / 200.0);
                let shown = if ok {
                    need
                } else {
                    other(need, &mut self.dice)
                };
                self.add_evidence(
                    Fact::Need(p),
                    Value::Need(shown),
                    Source::Person(p),
                    rel - 10.0,
                    ok,
                );
                let circle = self.circle(p);
                self.add_evidence(
                    Fact::Circle(p),
                    Value::Circle(circle),
                    Source::Person(p),
                    rel - 10.0,
                    true,
                );
                // Asked about his part in the decision, he says what it really is.
                let role = self.role(p);
                self.add_evidence(
                    Fact::Role(p),
                    Value::Role(role),
                    Source::Person(p),
                    rel - 5.0,
                    true,
                );
                self.reveal_colleagues(p);
            }
            Approach::Fabe => {
                self.influence(p, act, &t.fabe);
            }
            Approach::Rapport => {
                self.influence(p, act, &t.rapport);
            }
            Approach::AskInfo(k) => {
                self.influence(p, act, &t.ask_info);
                self.ask_info(p, k, false);
                if k == KeyInfo::Participants {
                    self.reveal_colleagues(p);
                }
            }
            Approach::WhereDoWeStand => {
                self.influence(p, act, &t.where_do_we_stand);
                let x = &self.people[p];
                let frank =
                    x.trust >= 40.0 && x.planted.is_none() && x.support >= Support::Informant
                        || x.trust >= 60.0 && x.planted.is_none();
                let rank = self.our_rank_today();
                if frank {
                    self.add_evidence(Fact::Rank, Value::Rank(rank), Source::Person(p), 75.0, true);
                } else {
                    // A polite answer: "you are doing well".
                    let said = if self.dice.chance(0.5) { 1 } else { 2 };
                    self.add_evidence(
                        Fact::Rank,
                        Value::Rank(said),
                        Source::Person(p),
                        30.0,
                        said == rank,
                    );
                }
            }
            Approach::ProposeNextStep => {
                if self.people[p].attitude >= 15.0 {
                    self.influence(p, act, &t.propose_next_step);
                    self.people[p].trust = (self.people[p].trust + 4.0).min(100.0);
                } else {
                    // Pushing a cold contact for commitment backfires a little.
                    let push = crate::sim::tuning::Effect {
                        base: -3.0,
                        style: [1.0; 4],
                        need: [1.0; 5],
                        trust: 0.0,
                    };
                    self.influence(p, act, &push);
                }
            }
        }
    }

    /// Key information `p` gives when asked, or as an informant's report.
    pub(crate) fn ask_info(&mut self, p: P, k: KeyInfo, report: bool) {
        let knows = self.knows(p).contains(&k);
        let d = &self.scn.people[p];
        let x = &self.people[p];
        let threshold = self.scn.tuning.share_trust * (1.5 - d.openness);
        let insider = x.support >= Support::Informant;
        let rel = if report {
            70.0
        } else {
            50.0 + x.trust / 2.0 + if insider { 10.0 } else { 0.0 }
        }
        .min(90.0);
        let source = if report {
            Source::Informant(p)
        } else {
            Source::Person(p)
        };
        if !knows {
            if self.dice.chance(0.5) {
                self.note(true, LogKind::DoesNotKnow(p));
            } else {
                let (v, ok) = self.false_value(k, None);
                self.add_evidence(Fact::Key(k), v, source, 25.0, ok);
            }
            return;
        }
        if !insider && x.trust < threshold {
            self.note(true, LogKind::Evaded(p));
            return;
        }
        let honest = self.dice.chance(d.honesty);
        let planted = x.planted;
        let lie =
            planted.is_some() && matches!(k, KeyInfo::Budget | KeyInfo::Competition) || !honest;
        let (v, ok) = if lie {
            self.false_value(k, planted)
        } else {
            (self.true_value(k), true)
        };
        self.add_evidence(Fact::Key(k), v, source, rel, ok);
    }

    pub(crate) fn true_value(&self, k: KeyInfo) -> Value {
        match k {
            KeyInfo::Participants => Value::Person(self.true_decision_maker().unwrap_or(0)),
            KeyInfo::Needs => Value::Criterion(self.true_criterion()),
            KeyInfo::Budget => Value::Amount(self.budget.max(0) as u32),
            KeyInfo::Process => Value::Week(self.tender_week),
            KeyInfo::Competition => Value::Vendor(self.leading_rival().unwrap_or(US)),
        }
    }

    /// A wrong value for `k`; a rival's plant tells the lie that helps that rival.
    fn false_value(&mut self, k: KeyInfo, planted: Option<V>) -> (Value, bool) {
        let v = match k {
            KeyInfo::Budget => {
                // A plant inflates the budget so we bid over it; a guess is off either way.
                let f = if planted.is_some() {
                    self.dice.range(1.2, 1.35)
                } else {
                    self.dice.range(0.7, 1.3)
                };
                Value::Amount((self.budget.max(1) as f64 * f) as u32)
            }
            KeyInfo::Process => {
                Value::Week((self.tender_week as i32 + self.dice.int(-3, 3)).max(1) as u32)
            }
            KeyInfo::Needs => Value::Criterion(
                [Criterion::Technical, Criterion::Price, Criterion::Business][self.dice.index(3)],
            ),
            KeyInfo::Participants => {
                let i = self.dice.index(self.active().count());
                Value::Person(self.active().nth(i).expect("someone is active"))
            }
            KeyInfo::Competition => {
                let n = self.scn.vendors();
                let other = || (1..n).filter(move |&v| Some(v) != planted);
                let count = other().count();
                Value::Vendor(if count == 0 {
                    US
                } else {
                    let i = self.dice.index(count);
                    other().nth(i).expect("i < count")
                })
            }
        };
        let ok = v == self.true_value(k)
            || matches!((v, k), (Value::Amount(b), KeyInfo::Budget) if (b as i64 - self.budget).abs() * 20 <= self.budget);
        (v, ok)
    }

    /// A person mentions his boss, his reports and the people he listens to.
    fn reveal_colleagues(&mut self, p: P) {
        for q in 0..self.people.len() {
            if q == p || !self.people[q].active || self.people[q].visible {
                continue;
            }
            let dq = &self.scn.people[q];
            let dp = &self.scn.people[p];
            let linked = dq.reports_to == Some(p)
                || dp.reports_to == Some(q)
                || dq.ties.iter().any(|t| t.0 == p)
                || dp.ties.iter().any(|t| t.0 == q);
            if linked {
                self.people[q].visible = true;
                self.cast_changes += 1;
                self.note(true, LogKind::Discovered(q));
            }
        }
    }

    fn desk_research(&mut self) {
        self.note(
            true,
            LogKind::Acted {
                act: Act::DeskResearch,
                reaction: None,
                delta: 0.0,
                repeat: 0,
            },
        );
        // Public sources: one hidden person, a budget rumour, the tender's likely rules.
        // Counted, then the drawn one found again: no list is built.
        let hidden = |_: P, x: &Person| x.active && !x.visible;
        let count = count_where(&self.people, hidden);
        if count > 0 && self.dice.chance(0.6) {
            let i = self.dice.index(count);
            let q = nth_where(&self.people, i, hidden);
            self.people[q].visible = true;
            self.cast_changes += 1;
            self.note(true, LogKind::Discovered(q));
        }
        let roll = self.dice.unit();
        if roll < 0.4 {
            let f = self.dice.range(0.8, 1.2);
            let b = (self.budget.max(1) as f64 * f) as u32;
            let ok = (b as i64 - self.budget).abs() * 20 <= self.budget;
            self.add_evidence(
                Fact::Key(KeyInfo::Budget),
                Value::Amount(b),
                Source::Desk,
                40.0,
                ok,
            );
        } else if roll < 0.7 {
            let tw = self.tender_week;
            self.add_evidence(
                Fact::Key(KeyInfo::Process),
                Value::Week(tw),
                Source::Desk,
                50.0,
                true,
            );
        }
        // The pre-announcement lists the mandatory qualifications.
        for i in 0..self.scn.rules.len() {
            if self.scn.rules[i].always && !self.evidence.iter().any(|e| e.fact == Fact::Rule(i)) {
                self.add_evidence(Fact::Rule(i), Value::Yes(true), Source::Desk, 60.0, true);
            }
        }
    }
    /// What the next "develop a supporter" step with `p` would meet, by the rule
    /// [`Game::apply`] plays (hidden truth: for the coach in `advice`, never shown as numbers).
    pub fn develop_outlook(&self, p: P) -> DevelopOutlook {
        let t = &self.scn.tuning;
        let x = &self.people[p];
        let circle = self.circle(p);
        let next = match x.support {
            Support::None => Some((Support::Informant, t.informant_attitude, t.informant_trust)),
            Support::Informant if circle >= Circle::Political => {
                Some((Support::Sponsor, t.sponsor_attitude, t.sponsor_trust))
            }
            Support::Informant | Support::Sponsor => {
                Some((Support::Coach, t.coach_attitude, t.coach_trust))
            }
            Support::Coach => None,
        };
        DevelopOutlook {
            next: next.map(|n| n.0),
            willing: self.scn.people[p].can_support,
            in_circle: circle >= Circle::Watcher,
            warm_enough: next.is_some_and(|n| x.attitude >= n.1 as f64),
            trusts_enough: next.is_some_and(|n| x.trust >= n.2),
        }
    }

    fn develop(&mut self, p: P, act: &Act) {
        let outlook = self.develop_outlook(p);
        if let Some(k) = kind_ix(act) {
            self.people[p].uses[k] = self.people[p].uses[k].saturating_add(1);
        }
        self.note(
            true,
            LogKind::Acted {
                act: *act,
                reaction: None,
                delta: 0.0,
                repeat: 0,
            },
        );
        match outlook.next {
            Some(level) if outlook.succeeds() => {
                self.people[p].support = level;
                self.note(true, LogKind::SupporterGained(p, level));
            }
            _ => self.note(true, LogKind::NotReady(p)),
        }
    }

    fn shape(&mut self, p: P, act: &Act) {
        let scn = self.scn.clone();
        let t = &scn.tuning;
        let x = &self.people[p];
        let circle = self.circle(p);
        let writer = matches!(self.role(p), Role::TechnicalLead | Role::User);
        let ready = x.attitude >= t.shape_attitude as f64 && x.trust >= t.shape_trust;
        self.note(
            true,
            LogKind::Acted {
                act: *act,
                reaction: None,
                delta: 0.0,
                repeat: 0,
            },
        );
        if writer && ready {
            let weight = match circle {
                Circle::Core => 1.2,
                Circle::Political => 1.0,
                Circle::Watcher => 0.6,
                Circle::Unaware => 0.3,
            };
            let k = crate::sim::game::kind_ix(act).unwrap_or(0);
            let n = self.people[p].uses[k] as f64;
            self.people[p].uses[k] += 1;
            let gain = (t.shape_gain as f64 * weight / (1.0 + 0.3 * n)).round() as i32;
            self.spec[US] = self.spec[US].saturating_add(gain).min(100);
            self.note(true, LogKind::Shaped(p, gain));
        } else {
            self.people[p].attitude = (self.people[p].attitude - 2.0).max(-100.0);
            self.note(true, LogKind::ShapeFailed(p));
        }
    }

    /// Our sources of negotiating power, 0..6: how many of [`Game::power_sources`] hold.
    pub fn negotiating_power(&self) -> u32 {
        self.power_sources().iter().filter(|s| s.1).count() as u32
    }

    /// Each source of negotiating power the engine counts, and whether we have it.
    pub fn power_sources(&self) -> [(PowerSource, bool); 6] {
        let s = &self.evaluation;
        let ours = s.iter().find(|x| x.vendor == US).map_or(0.0, |x| x.total);
        let runner = s
            .iter()
            .filter(|x| x.vendor != US)
            .map(|x| x.total)
            .fold(0.0, f64::max);
        [
            (PowerSource::Brand, self.scn.file.our_company.brand >= 70),
            (PowerSource::Lead, ours - runner >= 5.0),
            // The same judgement as the gate check "the decision maker favours us".
            (
                PowerSource::DecisionMaker,
                crate::sim::judge::dm_favours_us(self, crate::sim::judge::Seen::True) == Some(true),
            ),
            (
                PowerSource::Sponsor,
                self.people
                    .iter()
                    .any(|x| x.active && x.support >= Support::Sponsor),
            ),
            (PowerSource::Information, self.key_info_right() >= 4),
            (PowerSource::Pressure, ours - runner >= 12.0),
        ]
    }

    /// The terms a stance gets, before any dice: the discount the customer obtains, the
    /// contract price and margin that follow, and the chance that a firm stance with too
    /// little power drives the customer to the runner-up. `None` without a bid.
    pub fn negotiation_terms(&self, stance: Stance) -> Option<Terms> {
        let bid = self.bid?;
        let power = self.negotiating_power();
        let mut discount = self.scn.tuning.base_discount * (1.0 - 0.8 * power as f64 / 6.0);
        let mut walkout = 0.0;
        match stance {
            Stance::Firm => {
                discount *= 0.5;
                if power < 3 {
                    walkout = 0.15 * (3 - power) as f64;
                }
            }
            Stance::Balanced => {}
            Stance::Yield => discount *= 1.6,
        }
        let price = ((bid.price as f64) * (1.0 - discount)).round().max(1.0) as u32;
        let cost = self.scn.file.our_company.cost as f64;
        Some(Terms {
            discount,
            price,
            margin: (price as f64 - cost) / price as f64,
            walkout,
        })
    }

    fn negotiate(&mut self, stance: Stance) {
        let power = self.negotiating_power();
        let Some(terms) = self.negotiation_terms(stance) else {
            self.phase = Phase::Over(Outcome::Lost(LossReason::NoBid));
            return;
        };
        let discount = terms.discount;
        match stance {
            Stance::Firm => {
                if terms.walkout > 0.0 {
                    let chance = terms.walkout;
                    let roll = self.dice.unit();
                    let hit = roll < chance;
                    self.note(
                        false,
                        LogKind::Dice {
                            what: Hazard::FirmWalkout,
                            chance,
                            roll,
                            hit,
                        },
                    );
                    if hit {
                        self.note(
                            true,
                            LogKind::Negotiated {
                                stance,
                                power,
                                discount,
                            },
                        );
                        self.phase = Phase::Over(Outcome::Lost(LossReason::NegotiationCollapsed));
                        return;
                    }
                }
            }
            Stance::Balanced | Stance::Yield => {}
        }
        let Terms { price, margin, .. } = terms;
        self.note(
            true,
            LogKind::Negotiated {
                stance,
                power,
                discount,
            },
        );
        self.stage = Stage::Contract;
        self.phase = Phase::Over(Outcome::Won { price, margin });
    }
}

/// What the next "develop a supporter" step with one person would meet
/// ([`Game::develop_outlook`]): the level it aims at and each condition of the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DevelopOutlook {
    /// The next level (informant, then sponsor in the political or core circle, else
    /// coach); `None` when he is already a coach.
    pub next: Option<Support>,
    /// He can become a supporter at all (the scenario's `can_support`).
    pub willing: bool,
    /// He has a part in the decision (watcher circle or closer).
    pub in_circle: bool,
    /// His attitude to us reaches the next level's threshold.
    pub warm_enough: bool,
    /// His trust in us reaches the next level's threshold.
    pub trusts_enough: bool,
}

impl DevelopOutlook {
    /// The step would succeed (when the action is legal).
    pub fn succeeds(&self) -> bool {
        self.next.is_some()
            && self.willing
            && self.in_circle
            && self.warm_enough
            && self.trusts_enough
    }
}

/// A source of negotiating power the engine counts ([`Game::power_sources`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PowerSource {
    /// Our brand is strong (70 or more).
    Brand,
    /// We won the evaluation by 5 points or more (a clear technical and overall lead).
    Lead,
    /// The decision maker favours us (attitude 40 or more).
    DecisionMaker,
    /// A sponsor or coach in the account.
    Sponsor,
    /// At least four of the five kinds of key information right on our map.
    Information,
    /// The runner-up is 12 points or more behind.
    Pressure,
}

impl PowerSource {
    /// A stable snake_case name (i18n keys).
    pub fn key(self) -> &'static str {
        match self {
            PowerSource::Brand => "brand",
            PowerSource::Lead => "lead",
            PowerSource::DecisionMaker => "decision_maker",
            PowerSource::Sponsor => "sponsor",
            PowerSource::Information => "information",
            PowerSource::Pressure => "pressure",
        }
    }
}

/// What a negotiation stance gets ([`Game::negotiation_terms`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Terms {
    /// Share of the bid price given away.
    pub discount: f64,
    /// The contract price, 万元.
    pub price: u32,
    /// (price − cost) ÷ price.
    pub margin: f64,
    /// Chance the customer turns to the runner-up instead (firm stance, power below 3).
    pub walkout: f64,
}

/// `factor^n` by repeated multiplication (exact IEEE steps, the same on every machine).
pub fn repetition(factor: f64, n: u8) -> f64 {
    let mut r = 1.0;
    for _ in 0..n {
        r *= factor;
    }
    r
}

/// A value of the same enum other than `v`.
fn other<T: Copy + PartialEq + AllOf>(v: T, dice: &mut crate::sim::dice::Dice) -> T {
    let rest = || T::all().iter().copied().filter(move |x| *x != v);
    let i = dice.index(rest().count());
    rest().nth(i).expect("another value")
}

trait AllOf: Sized + 'static {
    fn all() -> &'static [Self];
}
impl AllOf for crate::scenario::schema::Style {
    fn all() -> &'static [Self] {
        use crate::scenario::schema::Style::*;
        &[Analytical, Amiable, Driver, Expressive]
    }
}
impl AllOf for crate::scenario::schema::Need {
    fn all() -> &'static [Self] {
        use crate::scenario::schema::Need::*;
        &[Power, Achievement, Recognition, Acceptance, Security]
    }
}

impl Game {
    /// The actions that are legal now, in a stable order. Beliefs (free, unbounded) are not
    /// listed; a bid is listed at a few representative prices.
    pub fn legal_actions(&self) -> Vec<Act> {
        let mut out = Vec::with_capacity(64);
        let mut push = |g: &Game, a: Act| {
            if g.check(&a).is_ok() {
                out.push(a);
            }
        };
        if let Phase::Negotiating = self.phase {
            for s in [Stance::Firm, Stance::Balanced, Stance::Yield] {
                push(self, Act::Negotiate(s));
            }
            return out;
        }
        if self.is_over() {
            return out;
        }
        push(self, Act::DeskResearch);
        for p in 0..self.people.len() {
            if !self.is_visible(p) {
                continue;
            }
            push(self, Act::ColdCall(p));
            for from in 0..self.people.len() {
                push(self, Act::Introduction { from, to: p });
            }
            for a in [
                Approach::ProbeNeeds,
                Approach::Fabe,
                Approach::Rapport,
                Approach::WhereDoWeStand,
                Approach::ProposeNextStep,
            ] {
                push(self, Act::Meeting(p, a));
            }
            for k in KeyInfo::ALL {
                push(self, Act::Meeting(p, Approach::AskInfo(k)));
            }
            for a in [
                Act::Seminar(p),
                Act::Demo(p),
                Act::FactoryVisit(p),
                Act::ReferenceVisit(p),
                Act::ExecutiveVisit(p),
                Act::BusinessMeal(p),
                Act::Develop(p),
                Act::ShapeTender(p),
                Act::Gift(p),
                Act::Kickback(p),
            ] {
                push(self, a);
            }
        }
        for a in [
            Act::Endorsement,
            Act::Clarification,
            Act::Objection,
            Act::Proposal,
            Act::ObtainRivalBid,
        ] {
            push(self, a);
        }
        for p in 0..self.people.len() {
            if self.is_visible(p) {
                push(self, Act::Reframe(p));
            }
        }
        for v in 1..self.scn.vendors() {
            push(self, Act::Partner(v));
        }
        let list = self.scn.file.our_company.list_price as u64;
        for pct in [100, 90, 80] {
            push(
                self,
                Act::Bid {
                    price: (list * pct / 100).max(1) as u32,
                    emphasis: Emphasis::Technical,
                },
            );
        }
        for a in [
            Act::Qualify(true),
            Act::Qualify(false),
            Act::Advance,
            Act::WalkAway,
            Act::EndWeek,
        ] {
            push(self, a);
        }
        out
    }
}
