//! The end of a week: rivals act, people influence each other, insiders report, dice for
//! hidden risks are rolled, events fire, the tender is issued and bids are evaluated.

use crate::scenario::schema::{KeyInfo, RivalProfile, Role};
use crate::sim::game::{Game, Person, Phase, WeekRecord, count_where, nth_where};
use crate::sim::model::{EffectDef, P, TriggerDef, US, V};
use crate::sim::types::*;

impl Game {
    pub(crate) fn end_week(&mut self) {
        self.rivals_act();
        self.writers_write();
        self.spread_influence();
        self.insiders_report();
        self.forget_proof();
        self.roll_risks();
        if self.is_over() {
            return;
        }
        self.fire_events();
        self.land_injects();
        self.rivals_react();
        let rank = self.our_rank_today();
        self.history.push(WeekRecord {
            week: self.week,
            true_rank: rank,
            believed_rank: self.map.rank,
            stage: self.stage,
        });
        if self.week >= self.bid_week {
            self.evaluate_bids();
            return;
        }
        self.week += 1;
        let r = &self.scn.file.resources;
        self.rep_left = r.rep_days;
        self.presales_left = r.presales_days;
        if self.week >= self.tender_week && !self.tender_issued() {
            self.issue_tender();
        }
    }

    /// The tender document is issued: the draft rules become final and the stage moves to Tender.
    pub(crate) fn issue_tender(&mut self) {
        let rules = self.rules_in_draft();
        self.tender_rules = Some(rules.clone());
        // Rivals adjust their planned price under the (possibly cut) budget.
        for v in 1..self.scn.vendors() {
            let cap = (self.budget.max(1) as f64 * 0.995) as u32;
            self.rival_price[v] = self.rival_price[v].min(cap).max(1);
        }
        while self.stage < Stage::Tender {
            if self.stage == Stage::Qualification && self.qualified.is_none() {
                self.qualified = Some(true);
            }
            self.leave_stage(true);
        }
        self.note(
            true,
            LogKind::TenderIssued {
                rules: rules.clone(),
            },
        );
        // A government tender announces its budget (the ceiling a bid may not pass).
        if self.scn.budget_public() {
            let b = self.budget.max(1) as u32;
            self.add_evidence(
                Fact::Key(KeyInfo::Budget),
                Value::Amount(b),
                Source::Published,
                100.0,
                true,
            );
        }
        for i in 0..self.scn.rules.len() {
            self.add_evidence(
                Fact::Rule(i),
                Value::Yes(rules.contains(&i)),
                Source::Tender,
                100.0,
                true,
            );
        }
        let tw = self.tender_week;
        self.add_evidence(
            Fact::Key(KeyInfo::Process),
            Value::Week(tw),
            Source::Tender,
            100.0,
            true,
        );
    }

    fn rivals_act(&mut self) {
        let scn = self.scn.clone();
        let t = &scn.tuning;
        for v in 1..self.scn.vendors() {
            let r = scn.rival(v);
            let moves = 1 + (r.aggressiveness / 40.0) as usize;
            for _ in 0..moves {
                let Some(p) = self.rival_target(v) else {
                    continue;
                };
                let gain =
                    t.rival_court_gain * r.aggressiveness / 100.0 * self.dice.range(0.5, 1.5);
                let x = &mut self.people[p];
                x.rival_att[v] = (x.rival_att[v] + gain).min(100.0);
                self.note(
                    false,
                    LogKind::RivalCourted {
                        rival: v,
                        who: p,
                        delta: gain,
                    },
                );
                // Our contacts sometimes tell us who has been visiting.
                if self.people[p].contacted
                    && self.people[p].attitude >= 20.0
                    && self.dice.chance(0.3)
                {
                    self.note(true, LogKind::Rumour { rival: v, who: p });
                    self.add_evidence(
                        Fact::Allegiance(p),
                        Value::Vendor(v),
                        Source::Rumour,
                        30.0,
                        self.true_allegiance(p) == Some(v),
                    );
                }
            }
            // Technical leaders and incumbents write their terms in through a writer of the
            // tender who backs them (as our own shaping works only through such a person).
            if !self.tender_issued()
                && matches!(
                    r.profile,
                    RivalProfile::TechnicalLeader | RivalProfile::Incumbent
                )
            {
                let friendly = self.active().any(|p| {
                    matches!(self.role(p), Role::TechnicalLead | Role::User)
                        && self.backs(p) == Some(v)
                        && self.people[p].rival_att[v] >= 30.0
                });
                if friendly {
                    let room = (100 - self.spec[v]).max(0) as f64 / 100.0;
                    let gain = (t.rival_shape_gain as f64 * room).round() as i32;
                    self.spec[v] = self.spec[v].saturating_add(gain).min(100);
                    self.note(
                        false,
                        LogKind::RivalShaped {
                            rival: v,
                            amount: gain,
                        },
                    );
                }
            }
        }
    }

    /// Whom rival `v` courts this week, drawn by its weight for each active person
    /// (`Game::courts`: from its profile and each person's true role and circle).
    fn rival_target(&mut self, v: V) -> Option<P> {
        let n = self.people.len();
        // The weights of the active people summed in index order; who is active changes
        // only with the cast, so the sum is kept until it does.
        let total = match self.court_totals[v] {
            Some((cast, total)) if cast == self.cast_changes => total,
            _ => {
                let courts = &self.courts[v * n..(v + 1) * n];
                let total: f64 = self.active().map(|p| courts[p]).sum();
                self.court_totals[v] = Some((self.cast_changes, total));
                total
            }
        };
        if total <= 0.0 {
            return None;
        }
        let mut roll = self.dice.range(0.0, total);
        let mut last = None;
        let courts = &self.courts[v * n..(v + 1) * n];
        for (p, (x, &w)) in self.people.iter().zip(courts).enumerate() {
            if !x.active {
                continue;
            }
            if roll < w {
                return Some(p);
            }
            roll -= w;
            last = Some(p);
        }
        last
    }

    /// Bosses pull their reports' attitudes; ties pull too. Computed from last week's values.
    fn spread_influence(&mut self) {
        let scn = self.scn.clone();
        let t = &scn.tuning;
        let nv = scn.vendors();
        let n = self.people.len();
        // Last week's attitudes per person (ours at index US, then each rival's), in a
        // reused buffer.
        let mut before = std::mem::take(&mut self.scratch);
        before.clear();
        before.extend(self.people.iter().map(|x| {
            let mut row = x.rival_att;
            row[US] = x.attitude;
            row
        }));
        // Who is active does not change here.
        for p in 0..n {
            if !self.people[p].active {
                continue;
            }
            let d = &scn.people[p];
            let boss = d.reports_to.map(|b| (b, t.boss_pull));
            let ties = d.ties.iter().map(|&(q, s)| (q, t.tie_pull * s));
            let bp = &before[p];
            for (q, w) in boss.into_iter().chain(ties) {
                if !self.people[q].active {
                    continue;
                }
                let bq = &before[q];
                let x = &mut self.people[p];
                x.attitude += w * (bq[US] - bp[US]);
                let rivals = x.rival_att[1..nv]
                    .iter_mut()
                    .zip(&bq[1..nv])
                    .zip(&bp[1..nv]);
                for ((a, &aq), &ap) in rivals {
                    *a += w * (aq - ap);
                }
            }
            let x = &mut self.people[p];
            x.attitude = x.attitude.clamp(-100.0, 100.0);
            for a in &mut x.rival_att[1..nv] {
                *a = a.clamp(-100.0, 100.0);
            }
        }
        self.scratch = before;
    }

    /// Insiders: informants report key information, sponsors sell for us, coaches say where we stand.
    fn insiders_report(&mut self) {
        for p in 0..self.people.len() {
            let x = &self.people[p];
            if !x.active || x.support == Support::None {
                continue;
            }
            let support = x.support;
            let scn = self.scn.clone();
            let knows = &scn.people[self.people[p].truth].knows;
            if !knows.is_empty() && self.dice.chance(0.6) {
                let k = knows[self.dice.index(knows.len())];
                self.ask_info(p, k, true);
            }
            if support >= Support::Sponsor {
                // A sponsor stakes himself on us with a colleague.
                // Counted, then the drawn one found again: no list is built.
                let other = |q: P, x: &Person| x.active && q != p;
                let count = count_where(&self.people, other);
                if count > 0 {
                    let i = self.dice.index(count);
                    let q = nth_where(&self.people, i, other);
                    let y = &mut self.people[q];
                    y.attitude = (y.attitude + 2.0).min(100.0);
                }
            }
            if support == Support::Coach && self.people[p].planted.is_none() {
                let rank = self.our_rank_today();
                self.add_evidence(
                    Fact::Rank,
                    Value::Rank(rank),
                    Source::Informant(p),
                    85.0,
                    true,
                );
                // The coach tells how someone ticks.
                let visible = |q: P, x: &Person| x.active && x.visible && q != p;
                let count = count_where(&self.people, visible);
                if count > 0 {
                    let i = self.dice.index(count);
                    let q = nth_where(&self.people, i, visible);
                    let (_, _, style, need) = self.truth_of(q);
                    self.add_evidence(
                        Fact::Style(q),
                        Value::Style(style),
                        Source::Informant(p),
                        80.0,
                        true,
                    );
                    self.add_evidence(
                        Fact::Need(q),
                        Value::Need(need),
                        Source::Informant(p),
                        80.0,
                        true,
                    );
                }
            }
        }
    }

    /// Proof wears off: each week a person keeps a share of what he saw.
    fn forget_proof(&mut self) {
        let keep = self.scn.tuning.proof_decay;
        for x in self.people.iter_mut() {
            x.proof *= keep;
        }
    }

    /// Each unethical act carries a weekly chance of discovery; the dice are logged for the debrief.
    fn roll_risks(&mut self) {
        let risks = self.risks.clone();
        for r in risks {
            let roll = self.dice.unit();
            let hit = roll < r.weekly;
            self.note(
                false,
                LogKind::Dice {
                    what: r.what,
                    chance: r.weekly,
                    roll,
                    hit,
                },
            );
            if hit {
                self.discovered = true;
                self.note(true, LogKind::ViolationDiscovered(r.what));
                for x in self.people.iter_mut() {
                    x.attitude = (x.attitude - 40.0).max(-100.0);
                }
                self.phase = Phase::Over(Outcome::Disqualified { week: self.week });
                return;
            }
        }
    }

    fn fire_events(&mut self) {
        for i in 0..self.scn.events.len() {
            if self.events_fired[i] {
                continue;
            }
            let fire = match self.scn.events[i].trigger {
                TriggerDef::Week(w) => self.week == w,
                TriggerDef::Chance { from, to, chance } => {
                    self.week >= from && self.week <= to && self.dice.chance(chance)
                }
                TriggerDef::AttitudeBelow { who, below, week } => {
                    self.week >= week
                        && self.people[who].active
                        && self.people[who].attitude < below as f64
                }
            };
            if !fire {
                continue;
            }
            self.events_fired[i] = true;
            let seen = self.scn.events[i].news.zh.is_some() || self.scn.events[i].news.en.is_some();
            self.note(seen, LogKind::Event(i));
            let scn = self.scn.clone();
            for e in &scn.events[i].effects {
                self.apply_effect(e.clone(), DelayCause::Event(i));
            }
        }
    }

    /// The facilitator's injects fired this week land now, in firing order; no dice.
    fn land_injects(&mut self) {
        let scn = self.scn.clone();
        for k in 0..self.injects.len() {
            let (week, i) = self.injects[k];
            if week != self.week {
                continue;
            }
            self.note(true, LogKind::Inject(i));
            for e in &scn.injects[i].effects {
                self.apply_effect(e.clone(), DelayCause::Inject(i));
            }
        }
    }

    /// Apply one effect of an event or inject; `cause` names it in the log when the
    /// schedule moves.
    fn apply_effect(&mut self, e: EffectDef, cause: DelayCause) {
        match e {
            EffectDef::Attitude { who, delta } => {
                let x = &mut self.people[who];
                x.attitude = (x.attitude + delta as f64).clamp(-100.0, 100.0);
            }
            EffectDef::RivalAttitude { who, rival, delta } => {
                let x = &mut self.people[who];
                x.rival_att[rival] = (x.rival_att[rival] + delta as f64).clamp(-100.0, 100.0);
            }
            EffectDef::Budget { delta } => {
                self.budget = (self.budget + delta as i64).max(1);
            }
            EffectDef::Reshuffle { leaves, arrives } => {
                self.people[leaves].active = false;
                self.people[arrives].active = true;
                self.people[arrives].visible = true;
                self.cast_changes += 1;
                for seat in self.committee.iter_mut() {
                    if *seat == leaves {
                        *seat = arrives;
                    }
                }
                // Those who reported to the leaver now report to the newcomer: the engine keeps
                // the scenario's lines, so the newcomer's own reports_to/ties carry influence.
            }
            EffectDef::RivalShapes { rival, amount } => {
                if !self.tender_issued() {
                    self.spec[rival] = self.spec[rival].saturating_add(amount).clamp(0, 100);
                }
            }
            EffectDef::Delay { weeks } => {
                let (tender, bid) = (self.tender_week, self.bid_week);
                let tender = (!self.tender_issued()).then(|| {
                    self.tender_week += weeks;
                    (tender, self.tender_week)
                });
                self.bid_week += weeks;
                if weeks > 0 {
                    self.note(
                        true,
                        LogKind::Rescheduled {
                            tender,
                            bid: (bid, self.bid_week),
                            cause,
                        },
                    );
                }
            }
        }
    }

    /// Bids are opened and scored; a win leads to negotiation.
    fn evaluate_bids(&mut self) {
        let rules = self.tender_rules.clone().unwrap_or_default();
        let mut prices = self.rival_price.clone();
        prices[US] = self.bid.map(|b| b.price).unwrap_or(0);
        let scores = self.evaluate(&prices, &rules);
        self.committee_record = self.committee_breakdown();
        for s in &scores {
            if let Some(reason) = s.rejected
                && !(s.vendor == US && reason == LossReason::NoBid)
            {
                self.note(
                    true,
                    LogKind::BidRejected {
                        vendor: s.vendor,
                        reason,
                    },
                );
            }
        }
        // An invited tender that receives fewer than three bids fails (废标).
        let mut access = [2u8; crate::sim::tender::MAX_VENDORS];
        self.access(&mut access);
        let received = scores
            .iter()
            .filter(|s| s.price > 0 && access[s.vendor] > 0)
            .count();
        // (Without a bid of ours the tender is lost to us whatever becomes of it: no bid.)
        if self.scn.file.project.procurement == crate::scenario::schema::Procurement::InvitedTender
            && received < 3
            && self.bid.is_some()
        {
            self.evaluation.clone_from(&scores);
            self.note(
                true,
                LogKind::Evaluated {
                    scores: scores.iter().map(|s| (s.vendor, s.total)).collect(),
                    winner: None,
                },
            );
            self.phase = Phase::Over(Outcome::Lost(LossReason::TenderFailed));
            return;
        }
        let ranks = crate::sim::tender::rank_of(&scores);
        let winner = scores
            .iter()
            .find(|s| ranks[s.vendor] == 1 && s.rejected.is_none())
            .map(|s| s.vendor);
        self.evaluation.clone_from(&scores);
        self.note(
            true,
            LogKind::Evaluated {
                scores: scores.iter().map(|s| (s.vendor, s.total)).collect(),
                winner,
            },
        );
        let ours = &scores[US];
        self.phase = match (winner, ours.rejected) {
            (_, Some(reason)) => Phase::Over(Outcome::Lost(reason)),
            (Some(US), None) => Phase::Negotiating,
            (Some(w), None) => Phase::Over(Outcome::Lost(LossReason::Outscored(w))),
            (None, None) => Phase::Over(Outcome::Lost(LossReason::NoBid)),
        };
    }
}
