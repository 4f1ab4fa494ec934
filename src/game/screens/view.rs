//! One screen pattern for every screen. A screen's content is a plain value (its `View`):
//! built every frame by a Bevy-free function from the game, the settings and the screen's
//! own UI state, compared with the value on screen, and spawned by the view's builders.
//!
//! A view is cut into named sections. The first time, the screen's frame (its fixed
//! layout) is spawned with one container per section, and every section fills its
//! container. Afterwards only the sections whose part of the view changed are emptied and
//! filled again; a screen that did not change spawns, despawns and writes nothing, so the
//! window keeps its picture (see `retained`). Side effects (resuming a save, moving to
//! another screen) belong in `OnEnter` systems or in the actions' observers, never here.

use bevy::ecs::system::SystemParam;
use bevy::input_focus::InputFocus;
use bevy::prelude::*;

use super::Screen;
use crate::game::theme::ThemeSystems;
use crate::game::theme::focus::{FocusKey, PendingFocus};

/// A screen's content as a comparable value.
pub trait View: PartialEq + Send + Sync + Sized + 'static {
    /// The screen this view draws.
    const SCREEN: Screen;
    /// The sections' names, in the order of [`View::section`]'s indices.
    const SECTIONS: &'static [&'static str];
    /// Spawn the screen's root and fixed layout, putting each section's (empty) container
    /// in `slots` by name; returns the root.
    fn frame(&self, commands: &mut Commands, slots: &mut Slots) -> Entity;
    /// Whether the frame built for `old` still fits (a screen whose layout depends on its
    /// content, e.g. a game or none, says no when that changes: all is built anew).
    fn same_frame(&self, _old: &Self) -> bool {
        true
    }
    /// Whether section `i` shows something other than it did in `old`.
    fn section_differs(&self, old: &Self, i: usize) -> bool;
    /// Fill section `i`'s container. `first`: the screen was just opened (the place for
    /// `AutoFocus`).
    fn section(&self, i: usize, parent: &mut ChildSpawnerCommands, first: bool);
}

/// Declares a view's sections as its fields, in order: the `SECTIONS` names, the
/// comparison and the dispatch to one builder per section, each a
/// `fn(&Field, &mut ChildSpawnerCommands, first: bool)`.
#[macro_export]
macro_rules! view_sections {
    ($($field:ident => $build:expr),+ $(,)?) => {
        const SECTIONS: &'static [&'static str] = &[$(stringify!($field)),+];
        fn section_differs(&self, old: &Self, i: usize) -> bool {
            let names = Self::SECTIONS;
            $(
                if names.get(i) == Some(&stringify!($field)) {
                    return self.$field != old.$field;
                }
            )+
            true
        }
        fn section(
            &self,
            i: usize,
            parent: &mut bevy::prelude::ChildSpawnerCommands,
            first: bool,
        ) {
            let names = Self::SECTIONS;
            $(
                if names.get(i) == Some(&stringify!($field)) {
                    return ($build)(&self.$field, parent, first);
                }
            )+
        }
    };
}

/// The containers of a view's sections, collected while its frame is spawned.
#[derive(Debug)]
pub struct Slots {
    names: &'static [&'static str],
    entities: Vec<Option<Entity>>,
}

impl Slots {
    fn new(names: &'static [&'static str]) -> Slots {
        Slots {
            names,
            entities: vec![None; names.len()],
        }
    }

    /// `entity` is the container of the section called `name`.
    pub fn put(&mut self, name: &str, entity: Entity) {
        match self.names.iter().position(|n| *n == name) {
            Some(i) => self.entities[i] = Some(entity),
            None => error!("a screen frame names a section '{name}' its view does not have"),
        }
    }

    /// A container bundle's entity, spawned under `parent`, as the section `name`.
    pub fn spawn(&mut self, parent: &mut ChildSpawnerCommands, name: &str, bundle: impl Bundle) {
        let e = parent
            .spawn(bundle)
            .insert_if_new(Name::new(format!("Section {name}")))
            .id();
        self.put(name, e);
    }
}

/// A child that stays when its section is filled again (a scroll list's scrollbar).
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct KeepOnRebuild;

/// The view on screen and its sections' containers.
#[derive(Resource)]
struct Shown<V: View> {
    view: Option<V>,
    root: Option<Entity>,
    slots: Vec<Option<Entity>>,
}

impl<V: View> Default for Shown<V> {
    fn default() -> Self {
        Shown {
            view: None,
            root: None,
            slots: Vec::new(),
        }
    }
}

/// Show screen `V`: `view` computes it each frame while the screen is open (`None`: not
/// ready to show, e.g. no game yet); it is spawned on the first frame and kept in step
/// afterwards.
pub fn add_view<V: View, M>(app: &mut App, view: impl IntoSystem<(), Option<V>, M> + 'static) {
    app.init_resource::<Shown<V>>();
    app.add_systems(OnExit(V::SCREEN), forget::<V>);
    app.add_systems(
        Update,
        view.pipe(show::<V>)
            .run_if(in_state(V::SCREEN))
            .in_set(ViewSystems)
            .before(ThemeSystems),
    );
}

/// The systems that compute and show the screens' views (actions' observers ran before).
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ViewSystems;

fn forget<V: View>(mut shown: ResMut<Shown<V>>) {
    shown.view = None;
    shown.root = None;
    shown.slots.clear();
}

/// What `show` reads and writes of the UI tree besides the screen's own entities.
#[derive(SystemParam)]
struct Tree<'w, 's> {
    focus: Res<'w, InputFocus>,
    keys: Query<'w, 's, &'static FocusKey>,
    parents: Query<'w, 's, &'static ChildOf>,
    children: Query<'w, 's, &'static Children>,
    kept: Query<'w, 's, (), With<KeepOnRebuild>>,
    pending: ResMut<'w, PendingFocus>,
}

fn show<V: View>(
    In(view): In<Option<V>>,
    mut shown: ResMut<Shown<V>>,
    mut commands: Commands,
    mut tree: Tree,
) {
    let Some(view) = view else {
        return;
    };
    if let Some(old) = &shown.view
        && !view.same_frame(old)
    {
        if let Some(root) = shown.root.take() {
            commands.entity(root).despawn();
        }
        shown.view = None;
    }
    let Some(old) = &shown.view else {
        // The first frame: the frame and every section (a frame without a container for a
        // section does not show it).
        let mut slots = Slots::new(V::SECTIONS);
        let root = view.frame(&mut commands, &mut slots);
        commands.entity(root).insert(DespawnOnExit(V::SCREEN));
        for (i, slot) in slots.entities.iter().enumerate() {
            if let Some(e) = slot {
                commands
                    .entity(*e)
                    .with_children(|c| view.section(i, c, true));
            }
        }
        shown.root = Some(root);
        shown.slots = slots.entities;
        shown.view = Some(view);
        return;
    };
    if *old == view {
        return;
    }
    let changed: Vec<usize> = (0..V::SECTIONS.len())
        .filter(|&i| view.section_differs(old, i))
        .collect();
    // A control that is rebuilt takes the focus back once its new self is spawned (unless
    // an action already said where the focus goes next).
    if tree.pending.0.is_none()
        && let Some(f) = tree.focus.get()
        && let Ok(key) = tree.keys.get(f)
        && changed
            .iter()
            .filter_map(|&i| shown.slots.get(i).copied().flatten())
            .any(|slot| within(f, slot, &tree.parents))
    {
        tree.pending.0 = Some(key.0.clone());
    }
    for i in changed {
        if let Some(Some(slot)) = shown.slots.get(i) {
            for child in tree.children.get(*slot).into_iter().flatten() {
                if !tree.kept.contains(*child) {
                    commands.entity(*child).despawn();
                }
            }
            commands
                .entity(*slot)
                .with_children(|c| view.section(i, c, false));
        }
    }
    shown.view = Some(view);
}

/// Whether `e` is `ancestor` or below it.
fn within(mut e: Entity, ancestor: Entity, parents: &Query<&ChildOf>) -> bool {
    for _ in 0..64 {
        if e == ancestor {
            return true;
        }
        match parents.get(e) {
            Ok(p) => e = p.parent(),
            Err(_) => return false,
        }
    }
    false
}
