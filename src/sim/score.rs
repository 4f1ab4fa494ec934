//! The scorecard: named components, each with its weight, its formula in words and the
//! evidence behind it. Same scenario, seed and actions give the same score everywhere.

use crate::scenario::schema::Circle;
use crate::sim::game::Game;
use crate::sim::types::*;
use serde::{Deserialize, Serialize};

/// One component of the scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    /// Stable id, also the i18n key suffix (`score.<id>` / `score.<id>.formula`).
    pub id: String,
    /// Points 0..100 before weighting.
    pub points: f64,
    /// Weight in percent; the weights sum to 100.
    pub weight: f64,
    /// Facts behind the points, as (i18n key, value) pairs.
    pub evidence: Vec<(String, String)>,
}

/// The whole scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub components: Vec<Component>,
    /// Points deducted for a discovered violation.
    pub penalty: f64,
    /// Weighted total 0..100, rounded to 0.01.
    pub total: f64,
    pub grade: char,
    pub outcome: Outcome,
}

/// Weights of the components, in percent.
pub const WEIGHTS: [(&str, f64); 6] = [
    ("outcome", 35.0),
    ("cost_of_sale", 10.0),
    ("insight", 15.0),
    ("relationships", 15.0),
    ("process", 15.0),
    ("compliance", 10.0),
];

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Game {
    /// The scorecard of a finished game (or of the game so far, with the outcome it would
    /// have if it ended as a loss now).
    pub fn scorecard(&self) -> Scorecard {
        let outcome = self.outcome().unwrap_or(Outcome::Lost(LossReason::NoBid));
        let f = &self.scn.file;
        let mut comps = Vec::new();

        // Outcome: a win scores by margin against the target; walking away from a trap early
        // is a good result; walking away from a winnable deal is not.
        let (pts, ev) = match outcome {
            // A loss-making contract is no success: below zero margin the points fall fast.
            Outcome::Won { price, margin } => (
                if margin >= 0.0 {
                    60.0 + 40.0 * (margin / f.project.target_margin).clamp(0.0, 1.0)
                } else {
                    (30.0 + 100.0 * margin).max(0.0)
                },
                vec![
                    ("ev.price".into(), price.to_string()),
                    ("ev.margin".into(), format!("{:.0}%", margin * 100.0)),
                ],
            ),
            Outcome::WalkedAway { week } if f.trap => {
                let late = if self.tender_issued() {
                    40.0
                } else {
                    5.0 * week.saturating_sub(2) as f64
                };
                (
                    (95.0 - late).max(40.0),
                    vec![
                        ("ev.walked_week".into(), week.to_string()),
                        ("ev.trap".into(), "yes".into()),
                    ],
                )
            }
            Outcome::WalkedAway { week } => (
                10.0,
                vec![
                    ("ev.walked_week".into(), week.to_string()),
                    ("ev.trap".into(), "no".into()),
                ],
            ),
            Outcome::Lost(_) | Outcome::Disqualified { .. } => {
                (0.0, vec![("ev.outcome".into(), outcome.key().into())])
            }
        };
        comps.push((pts, ev));

        // Cost of sale: the share of the expense budget left unspent.
        let budget = self.expense_budget().max(1e-9);
        comps.push((
            100.0 * (1.0 - self.spent / budget).clamp(0.0, 1.0),
            vec![
                ("ev.spent".into(), format!("{:.1}", self.spent)),
                ("ev.expense_budget".into(), format!("{budget:.1}")),
            ],
        ));

        // Insight: the account map against the truth.
        let (right, total) = self.map_accuracy();
        comps.push((
            if total == 0 {
                0.0
            } else {
                100.0 * right as f64 / total as f64
            },
            vec![("ev.map_right".into(), format!("{right}/{total}"))],
        ));

        // Relationships: supporters in the political and core circles, share of the powerful
        // who favour us, minus offences against them.
        let powerful: Vec<usize> = (0..self.people.len())
            .filter(|&p| self.people[p].active && self.scn.people[p].circle >= Circle::Political)
            .collect();
        let supporters = powerful
            .iter()
            .filter(|&&p| self.people[p].support >= Support::Informant)
            .count();
        let favour = powerful
            .iter()
            .filter(|&&p| self.people[p].attitude >= 20.0)
            .count();
        let offended = (0..self.people.len())
            .filter(|&p| self.people[p].offended && self.scn.people[p].circle >= Circle::Political)
            .count();
        let share = if powerful.is_empty() {
            0.0
        } else {
            favour as f64 / powerful.len() as f64
        };
        comps.push((
            (50.0 * (supporters.min(2) as f64 / 2.0) + 50.0 * share - 30.0 * offended as f64)
                .clamp(0.0, 100.0),
            vec![
                ("ev.supporters".into(), supporters.to_string()),
                ("ev.favour".into(), format!("{favour}/{}", powerful.len())),
                ("ev.offended".into(), offended.to_string()),
            ],
        ));

        // Process: gate checks that held when each stage was left, and the qualification decision.
        let (held, checks) = self
            .gates
            .iter()
            .flat_map(|g| g.checks.iter())
            .fold((0, 0), |(h, n), c| (h + c.1 as usize, n + 1));
        let right_call = match self.qualified {
            Some(go) => go != f.trap,
            None => matches!(outcome, Outcome::WalkedAway { .. }) == f.trap,
        };
        let gate_share = if checks == 0 {
            0.0
        } else {
            held as f64 / checks as f64
        };
        comps.push((
            70.0 * gate_share + if right_call { 30.0 } else { 0.0 },
            vec![
                ("ev.gates".into(), format!("{held}/{checks}")),
                (
                    "ev.qualification".into(),
                    if right_call { "right" } else { "wrong" }.into(),
                ),
            ],
        ));

        // Compliance: every violation costs heavily, discovered or not.
        let mut comp: f64 = 100.0;
        for v in &self.violations {
            comp -= match v {
                Hazard::Gift => 20.0,
                Hazard::Kickback => 60.0,
                Hazard::Leak => 50.0,
                Hazard::FirmWalkout => 0.0,
            };
        }
        comps.push((
            if self.discovered { 0.0 } else { comp.max(0.0) },
            vec![
                ("ev.violations".into(), self.violations.len().to_string()),
                ("ev.discovered".into(), self.discovered.to_string()),
            ],
        ));

        let components: Vec<Component> = comps
            .into_iter()
            .zip(WEIGHTS)
            .map(|((points, evidence), (id, weight))| Component {
                id: id.into(),
                points: round2(points),
                weight,
                evidence,
            })
            .collect();
        let penalty = if self.discovered { 20.0 } else { 0.0 };
        let raw: f64 = components
            .iter()
            .map(|c| c.points * c.weight / 100.0)
            .sum::<f64>()
            - penalty;
        let total = round2(raw.clamp(0.0, 100.0));
        let grade = match total {
            t if t >= 80.0 => 'A',
            t if t >= 65.0 => 'B',
            t if t >= 50.0 => 'C',
            t if t >= 35.0 => 'D',
            _ => 'F',
        };
        Scorecard {
            components,
            penalty,
            total,
            grade,
            outcome,
        }
    }

    /// (right, total) beliefs of the account map: role, circle, style, need and allegiance of
    /// every person in the watcher circle or above, and the five kinds of key information.
    pub fn map_accuracy(&self) -> (usize, usize) {
        let mut right = 0;
        let mut total = 0;
        for p in 0..self.people.len() {
            let d = &self.scn.people[p];
            if d.circle < Circle::Watcher || !(self.people[p].active || self.people[p].visible) {
                continue;
            }
            let b = &self.map.people[p];
            let x = &self.people[p];
            right += (b.role == Some(d.role)) as usize
                + (b.circle == Some(d.circle)) as usize
                + (b.style == Some(x.style)) as usize
                + (b.need == Some(x.need)) as usize
                + (b.allegiance.is_some() && b.allegiance == self.true_allegiance(p)) as usize;
            total += 5;
        }
        right += self.key_info_right();
        total += 5;
        (right, total)
    }
}
