//! The title and settings screens: language, UI scale, palette, Continue, a corrupt
//! settings file.

use super::*;

#[test]
fn title_to_settings_change_language_and_back() {
    let dir = TempDir::new("flow");
    let mut app = game_app(dir.paths());
    app.world_mut().resource_mut::<Settings>().lang = Lang::Zh;
    app.update();
    assert_eq!(screen(&app), Screen::Title);

    activate(&mut app, Caption::Key("title.settings"));
    assert_eq!(screen(&app), Screen::Settings);

    activate(&mut app, Caption::Text("English".into()));
    assert_eq!(app.world().resource::<Settings>().lang, Lang::En);
    assert_eq!(
        saved(&dir).map(|s| s.lang),
        Some(Lang::En),
        "language is persisted"
    );
    // The choice shows the selection, and the heading is now English.
    let en = button(&mut app, Caption::Text("English".into()));
    assert!(app.world().entity(en).contains::<Selected>());
    let mut texts = app.world_mut().query::<(&Caption, &Text)>();
    let heading = texts
        .iter(app.world())
        .find(|(c, _)| **c == Caption::Key("settings.title"))
        .map(|(_, t)| t.0.clone());
    assert_eq!(heading.as_deref(), Some("Settings"));

    activate(&mut app, Caption::Key("settings.back"));
    assert_eq!(screen(&app), Screen::Title);
}

#[test]
fn ui_scale_and_palette_apply_and_persist() {
    let dir = TempDir::new("scale");
    let mut app = game_app(dir.paths());
    activate(&mut app, Caption::Key("title.settings"));
    // Each step shows the new scale: the control is found again by its key.
    for _ in 0..10 {
        let plus = keyed(&mut app, "scale_up").expect("the + button");
        app.world_mut().trigger(Activate { entity: plus });
        app.update();
    }
    app.update();
    assert_eq!(app.world().resource::<UiScale>().0, settings::UI_SCALE_MAX);
    activate(&mut app, Caption::Key("settings.palette_cb"));
    let s = saved(&dir).unwrap();
    assert_eq!(s.ui_scale, settings::UI_SCALE_MAX);
    assert_eq!(s.palette, settings::PaletteKind::ColourBlindSafe);
}

#[test]
fn escape_leaves_settings_and_arrows_skip_disabled_continue() {
    let dir = TempDir::new("keys");
    let mut app = game_app(dir.paths());
    let new_game = button(&mut app, Caption::Key("title.new_game"));
    let cont = button(&mut app, Caption::Key("title.continue"));
    // The control after Continue: "Join a workshop" (with the room), else Settings.
    #[cfg(feature = "room")]
    let after_continue = button(&mut app, Caption::Key("title.join"));
    #[cfg(not(feature = "room"))]
    let after_continue = button(&mut app, Caption::Key("title.settings"));
    assert!(app.world().entity(cont).contains::<InteractionDisabled>());
    assert_eq!(app.world().resource::<InputFocus>().get(), Some(new_game));

    key(&mut app, KeyCode::ArrowDown);
    assert_eq!(
        app.world().resource::<InputFocus>().get(),
        Some(after_continue)
    );

    activate(&mut app, Caption::Key("title.settings"));
    assert_eq!(screen(&app), Screen::Settings);
    key(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
}

#[test]
fn continue_is_enabled_when_a_save_exists() {
    let dir = TempDir::new("save");
    let saves = dir.paths().save_dir.unwrap();
    std::fs::create_dir_all(&saves).unwrap();
    std::fs::write(saves.join("autosave.ron"), "()").unwrap();
    let mut app = game_app(dir.paths());
    let cont = button(&mut app, Caption::Key("title.continue"));
    assert!(!app.world().entity(cont).contains::<InteractionDisabled>());
}

#[test]
fn a_corrupt_settings_file_does_not_stop_the_game() {
    let dir = TempDir::new("corrupt");
    let file = dir.paths().settings_file.unwrap();
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "(lang: ???").unwrap();
    let app = game_app(dir.paths());
    assert_eq!(screen(&app), Screen::Title);
    assert_eq!(app.world().resource::<Settings>().ui_scale, 1.0);
    assert_eq!(
        std::fs::read_to_string(file.with_extension("corrupt-1")).unwrap(),
        "(lang: ???",
        "the bad file is kept aside for the player to inspect, never overwritten"
    );
}

/// The window reads the scenarios on a thread of its own while the title opens; New game
/// finds them all on the select screen however early it is pressed.
#[test]
fn the_catalog_read_in_the_background_is_there_when_the_title_is_left() {
    let dir = TempDir::new("catalog-bg");
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, InputPlugin));
    app.insert_resource(dir.paths());
    crate::game::session::load_catalog_in_background(&mut app);
    app.add_plugins(crate::game::plugin);
    app.update();
    activate(&mut app, Caption::Key("title.new_game"));
    assert_eq!(screen(&app), Screen::Select);
    let installed = crate::catalog::load_dir(&crate::paths::scenarios_dir()).len();
    assert!(installed >= 8);
    assert_eq!(app.world().resource::<Catalog>().0.len(), installed);
    assert!(keyed(&mut app, &format!("scn{}", installed - 1)).is_some());
    assert!(
        !app.world()
            .contains_resource::<crate::game::session::CatalogLoading>()
    );
}
