//! Costly moves ask first. The first press of a costly action arms it: its button then
//! says what it will do, and the line beside it what it uses; a second press plays it.
//! Esc, another action or leaving the screen disarms it. What counts as costly is the
//! engine's own judgement (`advice::is_costly`): all of a week's days, an executive visit,
//! a noticeable share of the budget, or a move that cannot be taken back.

use bevy::prelude::*;

use super::Screen;
use crate::sim::{Act, Game};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Confirm>();
    app.add_systems(Update, disarm.run_if(state_changed::<Screen>));
}

/// The action armed by a first press, if any.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct Confirm(pub Option<Act>);

impl Confirm {
    /// A press of `act`'s button: true when it is to be played now (not costly, or its
    /// second press); false when this press armed it.
    pub fn press(&mut self, g: &Game, act: Act) -> bool {
        if self.0 == Some(act) || !crate::advice::is_costly(g, &act) {
            self.0 = None;
            true
        } else {
            self.0 = Some(act);
            false
        }
    }

    /// Whether `act` is waiting for its second press.
    pub fn armed(&self, act: &Act) -> bool {
        self.0.as_ref() == Some(act)
    }
}

fn disarm(mut confirm: ResMut<Confirm>) {
    if confirm.0.is_some() {
        confirm.0 = None;
    }
}
