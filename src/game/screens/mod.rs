//! The game's screens, one state each, and the moves between them.

mod settings;
mod title;
// The play screens up to the tender (select, briefing, board, stakeholder, meeting).
pub(crate) mod board;
mod briefing;
pub(crate) mod confirm;
mod meeting;
pub mod play;
#[cfg(feature = "room")]
pub mod room;
pub mod select;
pub(crate) mod stakeholder;
pub(crate) mod view;
pub(crate) mod words;

pub use crate::game::theme::focus::FocusKey;
/// The people on the board's org chart, in the order of their cards.
#[cfg(test)]
pub(crate) use board::org_order as board_org_order;
/// Why the engine refused an action, in the player's language.
pub use words::illegal as refusal_text;
// The end-game screens: tender and bid, result, negotiation, debrief.
pub(crate) mod debrief;
pub(crate) mod negotiation;
pub(crate) mod result;
pub(crate) mod tender;

use bevy::input_focus::InputFocusVisible;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    // The app plugin may have chosen the first screen already (screenshots, tests).
    if !app.world().contains_resource::<State<Screen>>() {
        app.init_state::<Screen>();
    }
    app.init_resource::<SettingsReturn>();
    app.add_systems(
        Update,
        (
            show_focus_ring.run_if(state_changed::<Screen>),
            go_back.run_if(esc_pressed),
        ),
    );
    app.add_plugins((title::plugin, settings::plugin, confirm::plugin));
    app.add_plugins((
        select::plugin,
        briefing::plugin,
        board::plugin,
        stakeholder::plugin,
        meeting::plugin,
        tender::plugin,
        result::plugin,
        negotiation::plugin,
        debrief::plugin,
    ));
    #[cfg(feature = "room")]
    app.add_plugins(room::plugin);
}

/// The game's screens. Each implemented screen is a module of `screens/` with a
/// `plugin` that spawns its UI `OnEnter` with `DespawnOnExit(Screen::…)`.
#[derive(States, Debug, Hash, PartialEq, Eq, Clone, Copy, Default)]
pub enum Screen {
    /// The main menu.
    #[default]
    Title,
    /// Choose a scenario (phase 2).
    Select,
    /// The scenario briefing (phase 2).
    Briefing,
    /// The weekly board: the account map and the week's plan (phase 2).
    Board,
    /// One stakeholder in detail (phase 2).
    Stakeholder,
    /// A meeting (phase 2).
    Meeting,
    /// The tender and the bid (phase 2).
    Tender,
    /// The tender result (phase 2).
    Result,
    /// Contract negotiation (phase 2).
    Negotiation,
    /// The debrief (phase 2).
    Debrief,
    /// Language, UI scale, palette.
    Settings,
    /// Join a workshop room: its address and a team name.
    Join,
}

impl Screen {
    /// Every screen, in the order above.
    pub const ALL: [Screen; 12] = [
        Screen::Title,
        Screen::Select,
        Screen::Briefing,
        Screen::Board,
        Screen::Stakeholder,
        Screen::Meeting,
        Screen::Tender,
        Screen::Result,
        Screen::Negotiation,
        Screen::Debrief,
        Screen::Settings,
        Screen::Join,
    ];

    /// The screens that have a UI in this build (screenshots cover these): all of them
    /// (Join only with the workshop room).
    #[cfg(feature = "room")]
    pub const IMPLEMENTED: [Screen; 12] = Screen::ALL;
    #[cfg(not(feature = "room"))]
    pub const IMPLEMENTED: [Screen; 11] = [
        Screen::Title,
        Screen::Select,
        Screen::Briefing,
        Screen::Board,
        Screen::Stakeholder,
        Screen::Meeting,
        Screen::Tender,
        Screen::Result,
        Screen::Negotiation,
        Screen::Debrief,
        Screen::Settings,
    ];

    /// The lowercase name used on the command line (`--screen settings`).
    pub fn slug(self) -> &'static str {
        match self {
            Screen::Title => "title",
            Screen::Select => "select",
            Screen::Briefing => "briefing",
            Screen::Board => "board",
            Screen::Stakeholder => "stakeholder",
            Screen::Meeting => "meeting",
            Screen::Tender => "tender",
            Screen::Result => "result",
            Screen::Negotiation => "negotiation",
            Screen::Debrief => "debrief",
            Screen::Settings => "settings",
            Screen::Join => "join",
        }
    }

    /// The screen with this command-line name.
    pub fn from_slug(slug: &str) -> Option<Screen> {
        Screen::ALL
            .into_iter()
            .find(|s| s.slug().eq_ignore_ascii_case(slug))
    }
}

/// The screen the Settings screen goes back to.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct SettingsReturn(pub Screen);

/// Open the Settings screen from `from`; Back and Esc return there.
pub fn open_settings(from: Screen, world_next: &mut NextState<Screen>, ret: &mut SettingsReturn) {
    ret.0 = from;
    world_next.set(Screen::Settings);
}

/// A new screen starts with its first control focused and the ring shown, ready for keys.
fn show_focus_ring(mut visible: ResMut<InputFocusVisible>) {
    visible.0 = true;
}

fn esc_pressed(keys: Option<Res<ButtonInput<KeyCode>>>) -> bool {
    keys.is_some_and(|k| k.just_pressed(KeyCode::Escape))
}

/// Esc: a move waiting for its second press is called off (the screen stays); otherwise
/// Settings returns where it came from, a person's screens go back to the board, and so on.
fn go_back(
    screen: Res<State<Screen>>,
    ret: Res<SettingsReturn>,
    mut next: ResMut<NextState<Screen>>,
    mut confirm: ResMut<confirm::Confirm>,
) {
    if confirm.0.is_some() {
        confirm.0 = None;
        return;
    }
    match screen.get() {
        Screen::Title => {}
        Screen::Settings => next.set(ret.0),
        Screen::Stakeholder | Screen::Meeting => next.set(Screen::Board),
        Screen::Briefing => next.set(Screen::Select),
        // The tender weeks go on on the board; a result and a negotiation must be decided.
        Screen::Tender => next.set(Screen::Board),
        Screen::Result | Screen::Negotiation => {}
        _ => next.set(Screen::Title),
    }
}
