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

impl Game {
    /// The rules that would be written into the tender if it were issued now: the ones
    /// that are always there, plus the barriers of any vendor that has written enough of
    /// its terms into the specification (a vendor adds rules it meets and others fail).
    pub fn rules_in_draft(&self) -> Vec<usize> {
        let t = &self.scn.tuning;
        let mut out = Vec::new();
        for (i, r) in self.scn.rules.iter().enumerate() {
            let shaped = (0..self.scn.vendors()).any(|v| {
                self.spec[v] >= t.barrier_at && r.met_by[v] && r.met_by.iter().any(|m| !m)
            });
            if r.always || shaped {
                out.push(i);
            }
        }
        out
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

    /// Technical merit of a vendor's offer before committee bias.
    fn merit(&self, v: V, emphasis: Option<Emphasis>) -> f64 {
        let t = &self.scn.tuning;
        let n = self.scn.vendors();
        let others: f64 = (0..n)
            .filter(|&u| u != v)
            .map(|u| self.spec[u] as f64)
            .sum::<f64>()
            / (n.max(2) - 1) as f64;
        let (strength, _) = self.strength(v);
        let mut m = strength + t.spec_weight * (self.spec[v] as f64 - others);
        if v == US {
            m += self.proof + t.proposal_weight * self.proposal / 100.0;
            if emphasis == Some(Emphasis::Technical)
                && self.true_criterion() == Criterion::Technical
            {
                m += 3.0;
            }
        } else {
            m += t.proposal_weight * 0.6;
        }
        m
    }

    /// Score every vendor as the committee would, with the given prices and rules.
    /// `prices[v]` is each vendor's bid (0 = no bid).
    pub fn evaluate(&self, prices: &[u32], rules: &[usize]) -> Vec<VendorScore> {
        let t = &self.scn.tuning;
        let n = self.scn.vendors();
        let emphasis = self.bid.map(|b| b.emphasis);
        let members: Vec<P> = self
            .committee
            .iter()
            .copied()
            .filter(|&p| self.people[p].active)
            .collect();
        let experts = self.scn.file.project.outside_experts as f64;
        let mut scores: Vec<VendorScore> = (0..n)
            .map(|v| {
                let merit = self.merit(v, emphasis);
                let (_, brand) = self.strength(v);
                let mut business = brand;
                if v == US
                    && emphasis == Some(Emphasis::Business)
                    && self.true_criterion() == Criterion::Business
                {
                    business += 5.0;
                }
                // Members' attitudes bias their scores within ±bias_limit; experts are neutral.
                let (mut tech_sum, mut bus_sum) = (merit * experts, business * experts);
                for &m in &members {
                    let bias = t.bias_limit * self.att(m, v) / 100.0;
                    tech_sum += (merit + bias).clamp(0.0, 100.0);
                    bus_sum += (business + bias).clamp(0.0, 100.0);
                }
                let count = (members.len() as f64 + experts).max(1.0);
                let technical = (tech_sum / count).clamp(0.0, 100.0);
                let business = (bus_sum / count).clamp(0.0, 100.0);
                let price = prices[v];
                let rejected = if price == 0 {
                    Some(LossReason::NoBid)
                } else if price as i64 > self.budget {
                    Some(LossReason::OverBudget)
                } else if let Some(&r) = rules.iter().find(|&&r| !self.scn.rules[r].met_by[v]) {
                    Some(LossReason::NotQualified(r))
                } else if technical < t.compliance_threshold {
                    Some(LossReason::NonCompliant)
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
            })
            .collect();
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
        scores
    }

    /// How the deciding circle sees a vendor, 0..100: weighted attitudes of the political
    /// and core circle (the decision maker ×3, core ×2, political ×1).
    fn deciders_view(&self, v: V) -> f64 {
        let (mut sum, mut w) = (0.0, 0.0);
        for p in self.active() {
            let d = &self.scn.people[p];
            let weight = if d.role == Role::DecisionMaker {
                3.0
            } else if d.circle == Circle::Core {
                2.0
            } else if d.circle == Circle::Political {
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
        let prices: Vec<u32> = (0..self.scn.vendors())
            .map(|v| {
                if v == US {
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
                }
            })
            .collect();
        let rules = match &self.tender_rules {
            Some(r) => r.clone(),
            None => self.rules_in_draft(),
        };
        rank_of(&self.evaluate(&prices, &rules))
    }

    /// Our rank today (1 = first).
    pub fn our_rank_today(&self) -> u8 {
        self.ranks_today()[US]
    }
}

/// Ranks (1-based) from scores: valid bids by total (ties to the lower price), rejected last.
pub fn rank_of(scores: &[VendorScore]) -> Vec<u8> {
    let mut order: Vec<&VendorScore> = scores.iter().collect();
    order.sort_by(|a, b| {
        a.rejected
            .is_some()
            .cmp(&b.rejected.is_some())
            .then(b.total.total_cmp(&a.total))
            .then(a.price.cmp(&b.price))
            .then(a.vendor.cmp(&b.vendor))
    });
    let mut ranks = vec![0u8; scores.len()];
    for (i, s) in order.iter().enumerate() {
        ranks[s.vendor] = (i + 1) as u8;
    }
    ranks
}
