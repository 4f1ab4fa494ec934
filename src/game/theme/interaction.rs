//! How buttons look in each state (hovered, pressed, selected, disabled, focused) and
//! arrow-key focus movement. Tab / Shift+Tab come from Bevy's `TabNavigationPlugin`,
//! Enter / Space activation from `bevy_ui_widgets::Button`.

use bevy::input::ButtonState;
use bevy::input::keyboard::KeyboardInput;
use bevy::input_focus::tab_navigation::{NavAction, TabIndex, TabNavigation};
use bevy::input_focus::{FocusCause, InputFocus, InputFocusVisible};
use bevy::picking::hover::Hovered;
use bevy::prelude::*;
use bevy::ui::{InteractionDisabled, Pressed};

use super::palette::Role;
use super::{CurrentPalette, Fill, Ink, Stroke, size};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, move_focus_with_arrows.before(super::ThemeSystems));
}

/// How a themed button is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonKind {
    /// The main action of a screen: accent border.
    Primary,
    /// Any other action.
    Secondary,
    /// One option of a set; shows ● when [`Selected`], ○ otherwise.
    Choice,
}

/// Marks a button drawn by the theme.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemeButton(pub ButtonKind);

/// Marks the chosen option of a set of [`ButtonKind::Choice`] buttons.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct Selected;

/// The ●/○ marker inside a choice button: selection is shown by shape, not only colour.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct ChoiceMark;

/// The ▶ marker inside every button, shown while it has the visible keyboard focus (with
/// the ring), so focus never depends on colour alone.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct FocusMark;

/// Insert on a themed button to disable it: it cannot be activated, is skipped by keyboard
/// navigation and is drawn muted.
pub fn disabled() -> impl Bundle {
    (InteractionDisabled, TabIndex(-1))
}

/// Restyle themed buttons when anything that affects their look has changed.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub(super) fn style_buttons(
    palette: Res<CurrentPalette>,
    focus: Res<InputFocus>,
    focus_visible: Res<InputFocusVisible>,
    mut buttons: Query<(
        Entity,
        &ThemeButton,
        Option<&Hovered>,
        Has<Pressed>,
        Has<Selected>,
        Has<InteractionDisabled>,
        &mut Fill,
        &mut Stroke,
        &mut Outline,
        &Children,
    )>,
    changed: Query<
        (),
        Or<(
            Changed<Hovered>,
            Added<ThemeButton>,
            Added<Pressed>,
            Added<Selected>,
            Added<InteractionDisabled>,
        )>,
    >,
    mut removed_pressed: RemovedComponents<Pressed>,
    mut removed_selected: RemovedComponents<Selected>,
    mut removed_disabled: RemovedComponents<InteractionDisabled>,
    mut labels: Query<(&mut Ink, Option<&mut Text>, Has<ChoiceMark>, Has<FocusMark>)>,
) {
    let dirty = palette.is_changed()
        || focus.is_changed()
        || focus_visible.is_changed()
        || !changed.is_empty()
        || removed_pressed.read().count() > 0
        || removed_selected.read().count() > 0
        || removed_disabled.read().count() > 0;
    if !dirty {
        return;
    }
    for (
        entity,
        button,
        hovered,
        pressed,
        selected,
        disabled,
        mut fill,
        mut stroke,
        mut outline,
        children,
    ) in &mut buttons
    {
        let hovered = hovered.is_some_and(|h| h.get());
        let focused = focus_visible.0 && focus.get() == Some(entity);
        let fill_role = match (disabled, pressed, hovered, selected) {
            (true, _, _, _) => Role::Surface,
            (false, true, _, _) => Role::RaisedActive,
            (false, false, _, true) => Role::RaisedActive,
            (false, false, true, false) => Role::RaisedHover,
            _ => Role::Raised,
        };
        let stroke_role = match (disabled, button.0, selected) {
            (true, _, _) => Role::Border,
            (false, ButtonKind::Primary, _) | (false, ButtonKind::Choice, true) => Role::Accent,
            _ => Role::Border,
        };
        fill.set_if_neq(Fill(fill_role));
        stroke.set_if_neq(Stroke(stroke_role));
        let ring = if focused {
            Outline {
                width: px(size::FOCUS_RING),
                offset: px(size::FOCUS_RING),
                color: palette.0.focus,
            }
        } else {
            Outline {
                width: px(0),
                offset: px(0),
                color: Color::NONE,
            }
        };
        if *outline != ring {
            *outline = ring;
        }
        for child in children.iter() {
            let Ok((mut ink, text, is_mark, is_focus_mark)) = labels.get_mut(child) else {
                continue;
            };
            let role = if disabled {
                Role::Muted
            } else if is_mark && selected || is_focus_mark {
                if is_focus_mark {
                    Role::Focus
                } else {
                    Role::Accent
                }
            } else {
                Role::Text
            };
            ink.set_if_neq(Ink(role));
            if let Some(mut text) = text {
                if is_mark {
                    let glyph = if selected { "●" } else { "○" };
                    if text.0 != glyph {
                        text.0 = glyph.to_string();
                    }
                }
                if is_focus_mark {
                    let glyph = if focused { "▶" } else { "" };
                    if text.0 != glyph {
                        text.0 = glyph.to_string();
                    }
                }
            }
        }
    }
}

/// Arrow keys move the focus like Tab / Shift+Tab: Down and Right forward, Up and Left back.
fn move_focus_with_arrows(
    mut keys: MessageReader<KeyboardInput>,
    nav: TabNavigation,
    mut focus: ResMut<InputFocus>,
    mut visible: ResMut<InputFocusVisible>,
) {
    for key in keys.read() {
        if key.state != ButtonState::Pressed {
            continue;
        }
        let action = match key.key_code {
            KeyCode::ArrowDown | KeyCode::ArrowRight => NavAction::Next,
            KeyCode::ArrowUp | KeyCode::ArrowLeft => NavAction::Previous,
            _ => continue,
        };
        if let Ok(next) = nav.navigate(&focus, action) {
            focus.set(next, FocusCause::Navigated);
            visible.0 = true;
        }
    }
}
