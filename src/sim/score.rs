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
            // Walking away is judged against this seed's state when it was decided: from a
            // deal that could not be won, on evidence the player held, it is a good result
            // (the earlier the better); a blind walk-away that happened to be right earns
            // little; walking away from a winnable deal is a failure.
            Outcome::WalkedAway { week } => {
                let j = self.walk_judgement;
                let blocked = j.is_some_and(|j| j.blocker.is_some());
                let evidenced = j.is_some_and(|j| j.evidenced);
                let informed = if self.tender_issued() {
                    40.0
                } else {
                    (95.0 - 8.0 * week.saturating_sub(1) as f64).max(40.0)
                };
                let pts = match (blocked, evidenced) {
                    (true, true) => informed,
                    (true, false) => 20.0,
                    (false, _) => 10.0,
                };
                let judged = match (blocked, evidenced) {
                    (true, true) => "can_win.blocked_seen",
                    (true, false) => "can_win.blocked_unseen",
                    (false, _) => "can_win.winnable",
                };
                (
                    pts,
                    vec![
                        ("ev.walked_week".into(), week.to_string()),
                        ("ev.can_win".into(), judged.into()),
                    ],
                )
            }
            Outcome::Partnered { price, margin, .. } => (
                40.0 + 20.0 * (margin / f.project.target_margin).clamp(0.0, 1.0),
                vec![
                    ("ev.price".into(), price.to_string()),
                    ("ev.margin".into(), format!("{:.0}%", margin * 100.0)),
                ],
            ),
            Outcome::Lost(_) | Outcome::Disqualified { .. } => {
                (0.0, vec![("ev.outcome".into(), outcome.key().into())])
            }
        };
        comps.push((pts, ev));

        // Cost of sale: the share of the expense budget left unspent, set against a result
        // (a contract, a partnership, or a walk-away that spared a lost cause); money not
        // spent on a deal that was simply lost or abandoned saved nothing.
        let budget = self.expense_budget().max(1e-9);
        let result = match outcome {
            Outcome::Won { .. } | Outcome::Partnered { .. } => true,
            Outcome::WalkedAway { .. } => self
                .walk_judgement
                .is_some_and(|j| j.blocker.is_some() && j.evidenced),
            Outcome::Lost(_) | Outcome::Disqualified { .. } => false,
        };
        comps.push((
            if result {
                100.0 * (1.0 - self.spent / budget).clamp(0.0, 1.0)
            } else {
                0.0
            },
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
            .filter(|&p| self.people[p].active && self.circle(p) >= Circle::Political)
            .collect();
        let supporters = powerful
            .iter()
            .filter(|&&p| self.people[p].support >= Support::Informant)
            .count();
        // Key people for us: one definition, shared with the debrief and the window.
        let (favour, of) = crate::sim::judge::key_people_for_us(self);
        debug_assert_eq!(of, powerful.len());
        let offended = (0..self.people.len())
            .filter(|&p| self.people[p].offended && self.circle(p) >= Circle::Political)
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
        // The qualification decision, judged against this seed's state when it was taken:
        // go where the deal could be won; no-go where it could not, on evidence.
        let called = |j: Option<crate::sim::game::Judgement>, go: bool| {
            j.is_some_and(|j| {
                if go {
                    j.blocker.is_none()
                } else {
                    j.blocker.is_some() && j.evidenced
                }
            })
        };
        let right_call = match self.qualified {
            Some(go) => called(self.qualify_judgement, go),
            None => called(self.walk_judgement, false),
        };
        // A right no-go at qualification is the gate doing its job: full marks for it.
        let right_no_go = self.qualified == Some(false) && right_call;
        let gate_share = if right_no_go {
            1.0
        } else if checks == 0 {
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

    /// (right, total) beliefs of the account map, a belief counting only when it is right
    /// and backed by evidence this player gathered: role, circle, style, need and allegiance of
    /// every person in the watcher circle or above, and the five kinds of key information.
    pub fn map_accuracy(&self) -> (usize, usize) {
        let mut right = 0;
        let mut total = 0;
        for p in 0..self.people.len() {
            if self.circle(p) < Circle::Watcher
                || !(self.people[p].active || self.people[p].visible)
            {
                continue;
            }
            right += Fact::of_person(p)
                .into_iter()
                .filter(|&f| self.belief_right(f))
                .count();
            total += 5;
        }
        right += self.key_info_right();
        total += 5;
        (right, total)
    }
}
