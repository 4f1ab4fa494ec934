//! Keyboard focus kept across rebuilds: a screen rebuilds the sections of its UI whose
//! content changed; a [`FocusKey`] on a control lets the focus come back to the same
//! control afterwards, and a focus left on a control that is gone is
//! cleared so Tab and the arrows start again. The coach line follows the focus.

use bevy::input_focus::{FocusCause, InputFocus};
use bevy::prelude::*;
use bevy::ui_widgets::ScrollIntoView;

use crate::game::theme::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PendingFocus>();
    app.add_systems(
        Update,
        (
            restore_focus,
            scroll_focus_into_view.run_if(resource_changed::<InputFocus>),
        )
            .chain()
            .after(crate::game::screens::view::ViewSystems),
    );
}

/// Names a control so the focus can return to it after the screen is rebuilt.
#[derive(Component, Debug, Clone, PartialEq, Eq)]
pub struct FocusKey(pub String);

/// A coach topic (locale key) shown in the screen's coach panel while the button has focus.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoachTopic(pub &'static str);

/// The coach panel's text, rewritten when a button with a [`CoachTopic`] takes the focus.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct CoachText;

/// The focus key to restore once the screen shows a control with it: set by the screen
/// pattern when it rebuilds the section holding the focused control, or by an action that
/// says where the focus goes next.
#[derive(Resource, Debug, Default)]
pub struct PendingFocus(pub Option<String>);

/// The key of the focused control, to pass to [`PendingFocus`] before a rebuild.
pub fn focused_key(focus: &InputFocus, keys: &Query<&FocusKey>) -> Option<String> {
    focus
        .get()
        .and_then(|e| keys.get(e).ok())
        .map(|k| k.0.clone())
}

/// Put the focus on the control with `key`, when the screen shows one. A rebuild that
/// follows keeps it there (it reads [`focused_key`]).
pub fn focus_control(focus: &mut InputFocus, controls: &Query<(Entity, &FocusKey)>, key: &str) {
    if let Some((control, _)) = controls.iter().find(|(_, k)| k.0 == key) {
        focus.set(control, FocusCause::Navigated);
    }
}

/// Frames a focus key is waited for before giving up (the control may be gone).
const FOCUS_WAIT_FRAMES: u8 = 3;

fn restore_focus(
    mut pending: ResMut<PendingFocus>,
    keys: Query<(Entity, &FocusKey)>,
    nodes: Query<(), With<Node>>,
    mut focus: ResMut<InputFocus>,
    mut waited: Local<u8>,
    topics: Query<&CoachTopic>,
    mut coach: Query<&mut Caption, With<CoachText>>,
) {
    if let Some(want) = &pending.0 {
        if let Some((e, _)) = keys.iter().find(|(_, k)| &k.0 == want) {
            focus.set(e, FocusCause::Navigated);
            pending.0 = None;
            *waited = 0;
        } else {
            *waited += 1;
            if *waited > FOCUS_WAIT_FRAMES {
                pending.0 = None;
                *waited = 0;
            }
        }
    }
    // A focus left on a despawned control would stop Tab and the arrows: start afresh.
    if pending.0.is_none()
        && let Some(e) = focus.get()
        && !nodes.contains(e)
    {
        focus.clear();
    }
    // The coach follows the focus (also right after a rebuild).
    if focus.is_changed()
        && let Some(topic) = focus.get().and_then(|e| topics.get(e).ok())
    {
        for mut c in &mut coach {
            let new = Caption::Key(topic.0);
            if *c != new {
                *c = new;
            }
        }
    }
}

fn scroll_focus_into_view(focus: Res<InputFocus>, mut commands: Commands) {
    if let Some(entity) = focus.get() {
        commands.trigger(ScrollIntoView { entity });
    }
}
