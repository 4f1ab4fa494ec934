//! The tender: which rules it contains, how the committee scores each bid, the winner, and
//! the rank each vendor would get "if the decision were taken today".

use crate::scenario::schema::{Circle, Evaluation, Procurement, Role};
use crate::sim::game::Game;
use crate::sim::model::{Criterion, P, US, V};
use crate::sim::types::*;

/// One vendor's result in an evaluation.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct VendorScore {
    pub vendor: V,
    pub price: u32,
    pub technical: f64,
    pub business: f64,
    pub price_score: f64,
    pub total: f64,
    /// Why the bid was rejected, if it was.
    pub rejected: Option<LossReason>,
}

/// How one committee member — or the outside experts, who score alike — scored every
/// vendor at the evaluation (the hidden part of the tender, for the debrief).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MemberScore {
    /// The member; `None` for the outside experts (neutral, they saw no proof).
    pub member: Option<P>,
    /// The seats behind these scores: 1 for a member, the number of outside experts.
    pub seats: u32,
    /// His attitude to each vendor, by vendor index (0 for the experts).
    pub attitude: Vec<f64>,
    /// The technical score he gave each vendor, 0..100 (the experts: unclamped merit).
    pub technical: Vec<f64>,
    /// The business score he gave each vendor.
    pub business: Vec<f64>,
}

/// Most vendors in a scenario: us and up to four rivals (the validator's limit).
pub const MAX_VENDORS: usize = 1 + *crate::scenario::validate::RIVALS.end();

impl Game {
    /// The rules that would be written into the tender if it were issued now: the ones
    /// that are always there, plus the barriers of any vendor that has written enough of
    /// its terms into the specification (a vendor adds rules it meets and others fail).
    pub fn rules_in_draft(&self) -> Vec<usize> {
        (0..self.scn.rules.len())
            .filter(|&i| self.in_draft(i))
            .collect()
    }

    /// Whether rule `i` would be in the tender if it were issued now.
    fn in_draft(&self, i: usize) -> bool {
        let t = &self.scn.tuning;
        let r = &self.scn.rules[i];
        r.always
            || (0..self.scn.vendors())
                .any(|v| self.spec[v] >= t.barrier_at && r.met_by[v] && r.met_by.iter().any(|m| !m))
    }

    /// Whether rule `i` is in the tender: the issued one, or the draft before issue.
    pub(crate) fn rule_in_tender(&self, i: usize) -> bool {
        match &self.tender_rules {
            Some(r) => r.contains(&i),
            None => self.in_draft(i),
        }
    }

    /// The criterion the customer weighs most (the "Needs" key information).
    pub fn true_criterion(&self) -> Criterion {
        match self.scn.file.project.evaluation {
            Evaluation::LowestCompliantPrice => Criterion::Price,
            Evaluation::Comprehensive {
                technical,
                price,
                business,
            } => {
                if technical >= price && technical >= business {
                    Criterion::Technical
                } else if price >= business {
                    Criterion::Price
                } else {
                    Criterion::Business
                }
            }
        }
    }

    fn strength(&self, v: V) -> (f64, f64) {
        if v == US {
            let o = &self.scn.file.our_company;
            (o.technical_strength as f64, o.brand as f64)
        } else {
            let r = self.scn.rival(v);
            (r.technical_strength, r.brand)
        }
    }

    /// A person's attitude to a vendor.
    pub(crate) fn att(&self, p: P, v: V) -> f64 {
        if v == US {
            self.people[p].attitude
        } else {
            self.people[p].rival_att[v]
        }
    }

    /// Technical merit of a vendor's offer before committee bias and proof. Its strength
    /// shows only through its proposal: a share of it (`proposal_share`) counts in
    /// proportion to how well the proposal answers the terms (quality × fit, where fit is
    /// 0.4 for a vendor no terms were written for, full at 30 spec points). Then how the
    /// specification fits it against the vendor it was written around. A rival's proposal
    /// is professional (quality 0.8); ours is what the pre-sales team prepared.
    /// `writer_insider`: the vendors some writer of the tender backs ([`Game::writer_insiders`]).
    fn merit(&self, v: V, emphasis: Option<Emphasis>, writer_insider: &[bool; MAX_VENDORS]) -> f64 {
        let t = &self.scn.tuning;
        let n = self.scn.vendors();
        let others = (0..n)
            .filter(|&u| u != v)
            .map(|u| self.spec[u])
            .max()
            .unwrap_or(0) as f64;
        let (strength, _) = self.strength(v);
        let spec = self.spec[v] as f64;
        let fit = 0.4 + 0.6 * (spec / 30.0).min(1.0);
        // A rival's proposal is professional; it answers the customer's real questions when
        // someone who writes the tender is its insider.
        let quality = if v == US {
            self.proposal / 100.0
        } else if writer_insider[v] {
            0.9
        } else {
            0.6
        };
        let answered = 1.0 - t.proposal_share + t.proposal_share * quality * fit;
        let mut m = strength * answered + t.spec_weight * (spec - others);
        if v == US
            && emphasis == Some(Emphasis::Technical)
            && self.true_criterion() == Criterion::Technical
        {
            m += 3.0;
        }
        m
    }

    /// For each vendor, whether someone who writes the tender (a technical lead or user)
    /// backs it: its proposal then answers the customer's real questions.
    fn writer_insiders(&self) -> [bool; MAX_VENDORS] {
        let mut out = [false; MAX_VENDORS];
        for p in self.active() {
            if matches!(self.role(p), Role::TechnicalLead | Role::User)
                && let Some(v) = self.backs(p)
            {
                out[v] = true;
            }
        }
        out
    }

    /// Who may bid, by the procurement form: an open tender admits everyone; an invited
    /// tender invites the best-backed vendors (a sponsor beats an insider beats nobody) and
    /// fillers (the next best known, then by brand) only to make up three bids; a negotiated award
    /// negotiates with the vendors the decision maker is an insider of (or, if none, the one
    /// he likes best). `out[v]`: 0 not admitted, 1 a
    /// filler, 2 admitted on its own account.
    pub(crate) fn access(&self, out: &mut [u8; MAX_VENDORS]) {
        let n = self.scn.vendors();
        match self.scn.file.project.procurement {
            Procurement::OpenTender => out[..n].fill(2),
            Procurement::InvitedTender => {
                // How well the buyer's people know each vendor: a sponsor (3), an insider
                // (2), nobody (1). The best-backed are invited; the next ones only to make
                // up three bids.
                let mut tier = [0u8; MAX_VENDORS];
                for (v, t) in tier[..n].iter_mut().enumerate() {
                    *t = if self.backed_by_power(v) {
                        3
                    } else if self.active().any(|p| self.backs(p) == Some(v)) {
                        2
                    } else {
                        1
                    };
                }
                let top = tier[..n].iter().copied().max().unwrap_or(1);
                let mut count = 0;
                for v in 0..n {
                    out[v] = if tier[v] == top { 2 } else { 0 };
                    count += (out[v] == 2) as usize;
                }
                // Fillers: the best known next, then by brand (ties to the lower index).
                while count < 3 {
                    let next = (0..n).filter(|&v| out[v] == 0).max_by(|&a, &b| {
                        tier[a]
                            .cmp(&tier[b])
                            .then(self.strength(a).1.total_cmp(&self.strength(b).1))
                            .then(b.cmp(&a))
                    });
                    let Some(v) = next else { break };
                    out[v] = 1;
                    count += 1;
                }
            }
            Procurement::Negotiated | Procurement::SingleSource => {
                // The decision maker negotiates with the vendors he has insiders with...
                let dm = self.true_decision_maker();
                let mut any = false;
                for (v, slot) in out[..n].iter_mut().enumerate() {
                    let trusted = dm.is_some_and(|d| self.commitment(d, v) >= Support::Informant);
                    *slot = if trusted { 2 } else { 0 };
                    any |= trusted;
                }
                // ... or, trusting none, with the one he likes best.
                if !any {
                    let att = |v: V| dm.map_or(0.0, |d| self.att(d, v));
                    let best = (0..n)
                        .max_by(|&a, &b| att(a).total_cmp(&att(b)).then(b.cmp(&a)))
                        .unwrap_or(US);
                    out[best] = 2;
                }
            }
        }
    }

    /// Score every vendor as the committee would, with the given prices and rules.
    /// `prices[v]` is each vendor's bid (0 = no bid). A vendor failing several of `rules`
    /// is reported as failing the lowest-numbered one.
    pub fn evaluate(&self, prices: &[u32], rules: &[usize]) -> Vec<VendorScore> {
        let mut out = [VendorScore::EMPTY; MAX_VENDORS];
        let n = self.score_into(prices, &|i| rules.contains(&i), &mut out);
        out[..n].to_vec()
    }

    /// [`Game::evaluate`] into a fixed array, with the tender's rules given as a test on the
    /// rule index; returns the number of vendors scored. Allocates nothing: the rank
    /// "if decided today" is taken every week.
    fn score_into(
        &self,
        prices: &[u32],
        rule_in: &dyn Fn(usize) -> bool,
        out: &mut [VendorScore; MAX_VENDORS],
    ) -> usize {
        let t = &self.scn.tuning;
        let n = self.scn.vendors();
        let emphasis = self.bid.map(|b| b.emphasis);
        let experts = self.scn.file.project.outside_experts as f64;
        let writer_insider = self.writer_insiders();
        // Each vendor's merit and business score before the committee's bias.
        let mut merit = [0.0; MAX_VENDORS];
        let mut business = [0.0; MAX_VENDORS];
        for v in 0..n {
            merit[v] = self.merit(v, emphasis, &writer_insider);
            let (_, brand) = self.strength(v);
            business[v] = brand;
            if v == US
                && emphasis == Some(Emphasis::Business)
                && self.true_criterion() == Criterion::Business
            {
                business[v] += 5.0;
            }
        }
        // Members' attitudes bias their scores within ±bias_limit; experts are neutral.
        // Member by member, each vendor's sums add the members in committee order.
        let mut tech_sum = [0.0; MAX_VENDORS];
        let mut bus_sum = [0.0; MAX_VENDORS];
        for v in 0..n {
            (tech_sum[v], bus_sum[v]) = (merit[v] * experts, business[v] * experts);
        }
        let mut member_count = 0usize;
        for &m in &self.committee {
            let x = &self.people[m];
            if !x.active {
                continue;
            }
            member_count += 1;
            // The member's attitude to each vendor (ours at US).
            let mut att = x.rival_att;
            att[US] = x.attitude;
            let sums = tech_sum[..n].iter_mut().zip(&mut bus_sum[..n]);
            // Proof works through the members who saw it.
            let mut seen = [0.0; MAX_VENDORS];
            seen[US] = x.proof;
            for ((((tech, bus), &a), (&merit, &business)), &proof) in sums
                .zip(&att[..n])
                .zip(merit[..n].iter().zip(&business[..n]))
                .zip(&seen[..n])
            {
                let bias = t.bias_limit * a / 100.0;
                *tech += (merit + proof + bias).clamp(0.0, 100.0);
                *bus += (business + bias).clamp(0.0, 100.0);
            }
        }
        let count = (member_count as f64 + experts).max(1.0);
        let mut access = [2u8; MAX_VENDORS];
        self.access(&mut access);
        let scores = &mut out[..n];
        for (v, slot) in scores.iter_mut().enumerate() {
            *slot = {
                let technical = (tech_sum[v] / count).clamp(0.0, 100.0);
                let business = (bus_sum[v] / count).clamp(0.0, 100.0);
                let price = prices[v];
                let rejected = if price == 0 {
                    Some(LossReason::NoBid)
                } else if price as i64 > self.budget {
                    Some(LossReason::OverBudget)
                } else if let Some(r) =
                    (0..self.scn.rules.len()).find(|&r| !self.scn.rules[r].met_by[v] && rule_in(r))
                {
                    Some(LossReason::NotQualified(r))
                } else if technical < t.compliance_threshold {
                    Some(LossReason::NonCompliant)
                } else if access[v] == 0 {
                    Some(LossReason::NotInvited)
                } else {
                    None
                };
                VendorScore {
                    vendor: v,
                    price,
                    technical,
                    business,
                    price_score: 0.0,
                    total: 0.0,
                    rejected,
                }
            };
        }
        // An abnormally low bid (far below the others' average) stands only if the bidder can
        // justify it: at or above its cost. Judged against the bids as they stand.
        let mut low = [false; MAX_VENDORS];
        for (v, s) in scores.iter().enumerate() {
            if s.rejected.is_some() {
                continue;
            }
            let (sum, k) = scores
                .iter()
                .filter(|o| o.vendor != v && o.rejected.is_none())
                .fold((0.0, 0usize), |(a, k), o| (a + o.price as f64, k + 1));
            if k == 0 {
                continue;
            }
            // The lowest price a bidder can justify: its cost plus the margin it needs to show
            // it can perform (ours), or the floor a rival never bids under.
            let justified = if v == US {
                self.scn.file.our_company.cost as f64 * (1.0 + t.abnormal_margin)
            } else {
                self.rival_floor(v) as f64
            };
            low[v] =
                (s.price as f64) < t.abnormal_low * sum / k as f64 && (s.price as f64) < justified;
        }
        for (s, &low) in scores.iter_mut().zip(&low) {
            if low {
                s.rejected = Some(LossReason::AbnormallyLow);
            }
        }
        // In an invited tender a filler only makes up the number: the award goes to a
        // vendor someone backed whenever one has a valid bid.
        if scores
            .iter()
            .any(|s| s.rejected.is_none() && access[s.vendor] == 2)
        {
            for s in scores.iter_mut() {
                if s.rejected.is_none() && access[s.vendor] == 1 {
                    s.rejected = Some(LossReason::Filler);
                }
            }
        }
        let lowest = scores
            .iter()
            .filter(|s| s.rejected.is_none())
            .map(|s| s.price)
            .min()
            .unwrap_or(1)
            .max(1);
        let procurement = self.scn.file.project.procurement;
        for s in scores.iter_mut() {
            if s.rejected.is_some() {
                continue;
            }
            s.price_score = 100.0 * lowest as f64 / s.price as f64;
            s.total = match (procurement, self.scn.file.project.evaluation) {
                (Procurement::Negotiated | Procurement::SingleSource, _) => {
                    // 议标: the core circle decides; the owner weighs most.
                    0.5 * self.deciders_view(s.vendor) + 0.3 * s.technical + 0.2 * s.price_score
                }
                (
                    _,
                    Evaluation::Comprehensive {
                        technical,
                        price,
                        business,
                    },
                ) => {
                    (technical as f64 * s.technical
                        + price as f64 * s.price_score
                        + business as f64 * s.business)
                        / 100.0
                }
                // Lowest compliant price: only the price counts among compliant bids.
                (_, Evaluation::LowestCompliantPrice) => s.price_score,
            };
        }
        n
    }

    /// Each member's scores of every vendor, as [`Game::evaluate`] adds them up (the
    /// technical average over the seats is the vendor's technical score): the outside
    /// experts first (if any), then the active members in committee order.
    pub fn committee_breakdown(&self) -> Vec<MemberScore> {
        let t = &self.scn.tuning;
        let n = self.scn.vendors();
        let emphasis = self.bid.map(|b| b.emphasis);
        let writer_insider = self.writer_insiders();
        let mut merit = vec![0.0; n];
        let mut business = vec![0.0; n];
        for v in 0..n {
            merit[v] = self.merit(v, emphasis, &writer_insider);
            business[v] = self.strength(v).1;
            if v == US
                && emphasis == Some(Emphasis::Business)
                && self.true_criterion() == Criterion::Business
            {
                business[v] += 5.0;
            }
        }
        let mut out = Vec::new();
        let experts = self.scn.file.project.outside_experts;
        if experts > 0 {
            out.push(MemberScore {
                member: None,
                seats: experts,
                attitude: vec![0.0; n],
                technical: merit.clone(),
                business: business.clone(),
            });
        }
        for &m in &self.committee {
            let x = &self.people[m];
            if !x.active {
                continue;
            }
            let attitude: Vec<f64> = (0..n).map(|v| self.att(m, v)).collect();
            let bias = |v: usize| t.bias_limit * attitude[v] / 100.0;
            let proof = |v: usize| if v == US { x.proof } else { 0.0 };
            out.push(MemberScore {
                member: Some(m),
                seats: 1,
                technical: (0..n)
                    .map(|v| (merit[v] + proof(v) + bias(v)).clamp(0.0, 100.0))
                    .collect(),
                business: (0..n)
                    .map(|v| (business[v] + bias(v)).clamp(0.0, 100.0))
                    .collect(),
                attitude,
            });
        }
        out
    }

    /// The committee's scores as they were given when the bids were opened (empty before).
    pub fn committee_record(&self) -> &[MemberScore] {
        &self.committee_record
    }

    /// How the deciding circle sees a vendor, 0..100: weighted attitudes of the political
    /// and core circle (the decision maker ×3, core ×2, political ×1).
    fn deciders_view(&self, v: V) -> f64 {
        let (mut sum, mut w) = (0.0, 0.0);
        for p in self.active() {
            let (role, circle) = (self.role(p), self.circle(p));
            let weight = if role == Role::DecisionMaker {
                3.0
            } else if circle == Circle::Core {
                2.0
            } else if circle == Circle::Political {
                1.0
            } else {
                0.0
            };
            sum += weight * (50.0 + self.att(p, v) / 2.0);
            w += weight;
        }
        if w == 0.0 { 50.0 } else { sum / w }
    }

    /// The ranking if the decision were taken today: 1-based ranks by vendor index.
    /// Before bids exist, our price is our list price capped at the budget, the rivals'
    /// their planned bids; rejected vendors rank last.
    pub fn ranks_today(&self) -> Vec<u8> {
        let mut ranks = [0u8; MAX_VENDORS];
        let n = self.ranks_today_into(&mut ranks);
        ranks[..n].to_vec()
    }

    /// [`Game::ranks_today`] into a fixed array; returns the number of vendors.
    pub(crate) fn ranks_today_into(&self, ranks: &mut [u8; MAX_VENDORS]) -> usize {
        let mut scores = [VendorScore::EMPTY; MAX_VENDORS];
        let n = self.scores_today_into(&mut scores);
        rank_into(&scores[..n], &mut ranks[..n]);
        n
    }

    /// The committee's scores if the decision were taken today (hidden truth, for the
    /// debrief and tests), by vendor index.
    pub fn scores_today(&self) -> Vec<VendorScore> {
        let mut scores = [VendorScore::EMPTY; MAX_VENDORS];
        let n = self.scores_today_into(&mut scores);
        scores[..n].to_vec()
    }

    /// [`Game::scores_today`] into a fixed array; returns the number of vendors.
    pub(crate) fn scores_today_into(&self, scores: &mut [VendorScore; MAX_VENDORS]) -> usize {
        let n = self.scn.vendors();
        let mut prices = [0u32; MAX_VENDORS];
        for (v, price) in prices[..n].iter_mut().enumerate() {
            *price = if v == US {
                match self.bid {
                    Some(b) => b.price,
                    None => self
                        .scn
                        .file
                        .our_company
                        .list_price
                        .min(self.budget.max(1) as u32),
                }
            } else {
                self.rival_price[v]
            };
        }
        self.score_into(&prices[..n], &|i| self.rule_in_tender(i), scores)
    }

    /// Our rank today (1 = first).
    pub fn our_rank_today(&self) -> u8 {
        let mut ranks = [0u8; MAX_VENDORS];
        self.ranks_today_into(&mut ranks);
        ranks[US]
    }
}

impl VendorScore {
    /// A blank score, to fill.
    pub(crate) const EMPTY: VendorScore = VendorScore {
        vendor: 0,
        price: 0,
        technical: 0.0,
        business: 0.0,
        price_score: 0.0,
        total: 0.0,
        rejected: None,
    };
}

/// Ranks (1-based) from scores: valid bids by total (ties to the lower price), rejected last.
pub fn rank_of(scores: &[VendorScore]) -> Vec<u8> {
    let mut ranks = vec![0u8; scores.len()];
    rank_into(scores, &mut ranks);
    ranks
}

/// [`rank_of`] into `ranks` (as long as `scores`, at most [`MAX_VENDORS`]).
fn rank_into(scores: &[VendorScore], ranks: &mut [u8]) {
    let mut order = [0usize; MAX_VENDORS];
    let order = &mut order[..scores.len()];
    for (i, o) in order.iter_mut().enumerate() {
        *o = i;
    }
    // A total order (vendor last), so the unstable sort gives the one answer.
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (&scores[a], &scores[b]);
        a.rejected
            .is_some()
            .cmp(&b.rejected.is_some())
            .then(b.total.total_cmp(&a.total))
            .then(a.price.cmp(&b.price))
            .then(a.vendor.cmp(&b.vendor))
    });
    for (i, &s) in order.iter().enumerate() {
        ranks[scores[s].vendor] = (i + 1) as u8;
    }
}
