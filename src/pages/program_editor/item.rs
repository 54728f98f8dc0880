//! A content item's card inside its stream's list: name, kind, state
//! badges, the Active switch (R-CO-2) and the item's actions (availability,
//! archive, remove).

use engine::edit::Edit;
use engine::model::{ContentId, StreamId};
use engine::time::{format_date, Date};
use leptos::prelude::*;

use super::use_editor;
use crate::components::{MenuButton, MenuEntry, Switch};

/// "Available from 1 Mar 2027 through 31 Mar 2027".
pub(crate) fn window_text(from: Option<Date>, through: Option<Date>) -> Option<String> {
    let d = |d: Date| d.format("%-d %b %Y").to_string();
    match (from, through) {
        (None, None) => None,
        (Some(f), None) => Some(format!("Available from {}", d(f))),
        (None, Some(t)) => Some(format!("Available through {}", d(t))),
        (Some(f), Some(t)) => Some(format!("Available from {} through {}", d(f), d(t))),
    }
}

#[component]
pub(crate) fn ContentCard(stream: StreamId, key: String) -> impl IntoView {
    let editor = use_editor();
    let ws = editor.ws;
    let stream = StoredValue::new(stream);
    let content = StoredValue::new(ContentId::new(key.clone()));
    let me = Memo::new(move |_| {
        stream.with_value(|sid| {
            editor.ep.with(|ep| {
                let s = ep.as_ref()?.streams.iter().find(|s| &s.id == sid)?;
                let i = s.content.iter().find(|i| content.with_value(|c| i.content.id() == c))?;
                Some((i.active, i.archived, i.available_from, i.available_through, i.content.is_program()))
            })
        })
    });
    let name = Memo::new(move |_| content.with_value(|c| editor.library.with(|l| l.name(c))));
    let active = Signal::derive(move || me.get().is_some_and(|m| m.0));
    let archived = move || me.get().is_some_and(|m| m.1);
    let window = move || me.get().and_then(|m| window_text(m.2, m.3));
    let is_program = move || me.get().is_some_and(|m| m.4);
    // The R-SC-1 score from the latest simulation, when it has one.
    let results = use_context::<crate::results::Results>();
    let score = move || {
        let r = results?;
        stream.with_value(|s| content.with_value(|c| r.score(s.as_str(), c.as_str())))
    };

    let toggle = Callback::new(move |on: bool| {
        let _ = ws.dispatch(Edit::SetItemActive { stream: stream.get_value(), content: content.get_value(), active: on });
    });
    let actions = Callback::new(move |()| {
        let archived = me.get_untracked().is_some_and(|m| m.1);
        vec![
            MenuEntry::new("availability", "Availability…"),
            if archived { MenuEntry::new("unarchive", "Unarchive") } else { MenuEntry::new("archive", "Archive") },
            MenuEntry::new("remove", "Remove…"),
        ]
    });
    let on_action = Callback::new(move |choice: String| {
        let (s, c) = (stream.get_value(), content.get_value());
        match choice.as_str() {
            "availability" => editor.dialogs.availability(s, c),
            "archive" | "unarchive" => {
                let _ = ws.dispatch(Edit::SetItemArchived { stream: s, content: c, archived: choice == "archive" });
            }
            "remove" => editor.dialogs.remove_item(s, c),
            _ => {}
        }
    });
    view! {
        <div class="content-card" class:is-inactive=move || !active.get() class:is-archived=archived>
            <div class="content-card__title">
                <span class="content-card__name">{move || name.get()}</span>
                <span class="visually-hidden">", "</span>
                <span class="badge" class:badge--program=is_program>
                    {move || if is_program() { "Program" } else { "Email" }}
                </span>
                <Show when=archived>
                    <span class="visually-hidden">", "</span>
                    <span class="badge badge--muted">"Archived"</span>
                </Show>
                {move || {
                    score()
                        .map(|s| {
                            let (text, title) = match s {
                                Some(n) => (format!("Score {n}"), format!("Engagement score {n} of 100 in the latest simulation (R-SC-1)")),
                                None => ("No score".to_owned(), "Not enough data in the latest simulation for a score (R-SC-1)".to_owned()),
                            };
                            view! {
                                <span class="visually-hidden">", "</span>
                                <span class="badge badge--muted" title=title>{text}</span>
                            }
                        })
                }}
                {move || {
                    window()
                        .map(|text| {
                            view! {
                                <span class="badge badge--clock" title=text.clone()>
                                    <span aria-hidden="true">"🕒"</span>
                                    <span class="visually-hidden">{format!(", {text}")}</span>
                                </span>
                            }
                        })
                }}
            </div>
            <div class="content-card__controls">
                <Switch
                    checked=active
                    label=Signal::derive(move || format!("Active: {}", name.get()))
                    text="Active"
                    on_toggle=toggle
                />
                <MenuButton
                    class="content-card__actions"
                    label=Signal::derive(move || format!("Actions for {}", name.get()))
                    text="⋯"
                    entries=actions
                    on_select=on_action
                />
            </div>
        </div>
    }
}

/// `YYYY-MM-DD` for a date input.
pub(crate) fn date_value(d: Option<Date>) -> String {
    d.map(format_date).unwrap_or_default()
}
