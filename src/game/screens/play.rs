//! Ready-made game states for screenshots, the frame bench and tests: a game advanced by
//! replaying the expert bot's actions, a chosen stakeholder, a meeting just held.

use bevy::prelude::*;
use std::sync::Arc;

use super::meeting::{Held, MeetingResult};
use crate::game::session::Session;
use crate::sim::{Act, Approach, Fact, P, Scenario};

/// A session at the start of `week`, reached by the expert bot's own actions on this seed
/// (its whole game is played, then its actions are replayed up to that week).
pub fn expert_session(scn: Arc<Scenario>, seed: u64, week: u32) -> Session {
    let full = crate::bots::play(scn.clone(), seed, crate::bots::Policy::Expert);
    let mut session = Session::new(scn, seed);
    for act in full.actions() {
        if session.game.week() >= week || session.game.tender_issued() {
            break;
        }
        let _ = session.game.apply(*act);
    }
    // Never leave the screenshot past the board (tender issued or game over).
    if session.game.tender_issued() || session.game.is_over() {
        let mut again = Session::new(session.game.scenario().clone(), seed);
        for act in full.actions() {
            let mut trial = again.game.clone();
            if trial.apply(*act).is_err() || trial.tender_issued() || trial.is_over() {
                break;
            }
            again.game = trial;
            if again.game.week() >= week.saturating_sub(1) {
                break;
            }
        }
        session = again;
    }
    session
}

/// The visible stakeholder the player holds the most evidence about, selected.
pub fn select_best_known(mut session: Session) -> Session {
    let g = &session.game;
    let about = |p: P| {
        g.evidence()
            .iter()
            .filter(|e| {
                matches!(e.fact, Fact::Role(q) | Fact::Circle(q) | Fact::Style(q) | Fact::Need(q) | Fact::Allegiance(q) if q == p)
            })
            .count()
    };
    let n = g.scenario().people.len();
    session.selected = (0..n)
        .filter(|&p| g.is_visible(p) && g.is_contacted(p))
        .max_by_key(|&p| (about(p), std::cmp::Reverse(p)))
        .or_else(|| (0..n).find(|&p| g.is_visible(p)));
    session
}

/// Hold a meeting (probe needs, or any legal approach) with the selected person and record
/// it for the meeting screen.
pub fn hold_sample_meeting(app: &mut App, mut session: Session) -> Session {
    let Some(p) = session.selected else {
        return session;
    };
    let approaches = [
        Approach::WhereDoWeStand,
        Approach::ProbeNeeds,
        Approach::Rapport,
        Approach::Fabe,
    ];
    for a in approaches {
        let from = session.game.log().len();
        if session.act(Act::Meeting(p, a)).is_ok() {
            app.insert_resource(MeetingResult(Some(Held {
                person: p,
                approach: a,
                log_from: from,
                log_to: session.game.log().len(),
            })));
            break;
        }
    }
    session
}
