//! One stream of the editor: a labelled column with the stream's name
//! (rename in place), its actions menu, cadence, member counts, transition
//! rules and its sortable content list.

use engine::cadence::describe;
use engine::edit::{Created, Edit};
use engine::model::{ContentRef, Stream, StreamId};
use engine::time::Date;
use leptos::prelude::*;

use super::item::ContentCard;
use super::{new_stream_name, use_editor};
use crate::components::sortable::{SortEntry, SortableList};
use crate::components::{InlineRename, MenuButton, MenuEntry};
use crate::planner::summary::{count, stream_name};

/// An item of a stream as its card shows it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ItemView {
    pub key: String,
    pub name: String,
    pub program: bool,
    pub active: bool,
    pub archived: bool,
    pub from: Option<Date>,
    pub through: Option<Date>,
}

/// The DOM id of a stream's column.
pub(crate) fn column_dom_id(stream: &StreamId) -> String {
    format!("stream-{}", stream.as_str().replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_"))
}

#[component]
pub(crate) fn StreamColumn(stream: StreamId) -> impl IntoView {
    let editor = use_editor();
    let ws = editor.ws;
    let id = StoredValue::new(stream.clone());
    let this = Memo::new(move |_| {
        id.with_value(|id| editor.ep.with(|ep| ep.as_ref()?.streams.iter().find(|s| &s.id == id).cloned()))
    });
    let name = Memo::new(move |_| this.with(|s| s.as_ref().map(stream_name).unwrap_or_default()));
    let position = Memo::new(move |_| {
        editor.ep.with(|ep| {
            let ep = ep.as_ref()?;
            Some((ep.streams.iter().position(|s| id.with_value(|id| &s.id == id))?, ep.streams.len()))
        })
    });
    let show_archived = Memo::new(move |_| id.with_value(|id| editor.show_archived.with(|s| s.contains(id))));
    let items = Memo::new(move |_| {
        let lib = editor.library;
        this.with(|s| {
            let Some(s) = s else {
                return Vec::new();
            };
            lib.with(|lib| {
                s.content
                    .iter()
                    .map(|i| ItemView {
                        key: i.content.id().to_string(),
                        name: lib.name(i.content.id()),
                        program: matches!(i.content, ContentRef::Program(_)),
                        active: i.active,
                        archived: i.archived,
                        from: i.available_from,
                        through: i.available_through,
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let entries = Memo::new(move |_| {
        let all = show_archived.get();
        items.with(|v| {
            v.iter()
                .filter(|i| all || !i.archived)
                .map(|i| SortEntry { key: i.key.clone(), label: i.name.clone() })
                .collect::<Vec<_>>()
        })
    });
    let archived = Memo::new(move |_| items.with(|v| v.iter().filter(|i| i.archived).count()));
    let cadence = Memo::new(move |_| this.with(|s| s.as_ref().and_then(|s| s.cadence.as_ref()).map(describe)));
    let members = Memo::new(move |_| id.with_value(|id| editor.members.with(|m| m.get(id).copied().unwrap_or(0))));
    // Exhausted at the last cast of the latest simulation, when there is one.
    let results = use_context::<crate::results::Results>();
    let exhausted = Memo::new(move |_| {
        let r = results?;
        let sid = id.with_value(|id| id.to_string());
        let stale = r.freshness() == Some(crate::results::record::Freshness::OutOfDate);
        r.latest.with(|l| {
            let f = l.as_ref()?.report.forecasts.iter().find(|f| f.stream == sid)?;
            let (date, _, n) = f.casts.last()?;
            Some((*n, date.clone(), stale))
        })
    });
    let rules = Memo::new(move |_| {
        this.with(|s| {
            s.as_ref().map_or((0, false), |s: &Stream| {
                (s.transition_rules.len(), s.transition_rules.iter().any(|r| r.beyond_marketo()))
            })
        })
    });
    // R-TR-2: the other streams whose rules can hold with this one's.
    let overlaps = Memo::new(move |_| {
        editor.ep.with(|ep| {
            let Some(ep) = ep else {
                return Vec::new();
            };
            let me = ep.streams.iter().position(|s| id.with_value(|id| &s.id == id));
            crate::planner::overlap::overlapping_streams(ep)
                .into_iter()
                .filter_map(|o| match me {
                    Some(m) if o.first == m => Some(stream_name(&ep.streams[o.second])),
                    Some(m) if o.second == m => Some(stream_name(&ep.streams[o.first])),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    });
    // What "Activate all" left alone, until dismissed.
    let skipped = RwSignal::new(Vec::<String>::new());

    let heading_id = format!("{}-name", column_dom_id(&stream));
    let rename = Callback::new(move |new: String| {
        ws.dispatch(Edit::RenameStream { stream: id.get_value(), name: new })
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
    let stream_menu = Callback::new(move |()| {
        let (i, n) = position.get_untracked().unwrap_or((0, 1));
        vec![
            MenuEntry::new("clone", "Clone stream").disabled(n >= 25),
            MenuEntry::new("left", "Move stream left").disabled(i == 0),
            MenuEntry::new("right", "Move stream right").disabled(i + 1 >= n),
            MenuEntry::new("delete", "Delete stream…"),
        ]
    });
    let on_stream_menu = Callback::new(move |choice: String| {
        let stream = id.get_value();
        let program = editor.program.get_value();
        match choice.as_str() {
            "clone" => {
                let name = editor.ep.with_untracked(|ep| {
                    let base = format!("{} (copy)", name.get_untracked());
                    if ep.as_ref().is_some_and(|ep| ep.streams.iter().any(|s| s.name.as_deref() == Some(&base))) {
                        new_stream_name(ep.as_ref())
                    } else {
                        base
                    }
                });
                if let Ok(a) = ws.dispatch(Edit::CloneStream { stream, id: None, name: Some(name) }) {
                    if let Some(Created::Stream(new)) = a.created {
                        editor.focus_stream(&new);
                    }
                }
            }
            "left" | "right" => {
                if let Some((i, _)) = position.get_untracked() {
                    let to = if choice == "left" { i.saturating_sub(1) } else { i + 1 };
                    if ws.dispatch(Edit::MoveStream { program, from: i, to }).is_ok() {
                        editor.focus_stream(&stream);
                    }
                }
            }
            "delete" => editor.dialogs.delete_stream(stream),
            _ => {}
        }
    });
    let activate_all = move |_| {
        if let Ok(a) = ws.dispatch(Edit::ActivateAll { stream: id.get_value() }) {
            skipped.set(
                a.skipped
                    .iter()
                    .map(|s| match s.rule {
                        Some(rule) => format!("{}: {} ({rule})", s.name, s.reason),
                        None => format!("{}: {}", s.name, s.reason),
                    })
                    .collect(),
            );
        }
    };
    let toggle_archived = move |_| {
        let stream = id.get_value();
        editor.show_archived.update(|s| {
            if !s.remove(&stream) {
                s.insert(stream);
            }
        });
    };
    let item_view = move |key: String| view! { <ContentCard stream=id.get_value() key/> };

    view! {
        <section class="stream-column" id=column_dom_id(&stream) aria-labelledby=heading_id.clone()>
            <header class="stream-column__header">
                <InlineRename name what="stream" on_save=rename heading_id=heading_id.clone()/>
                <MenuButton
                    class="stream-column__actions"
                    label=Signal::derive(move || format!("Stream actions for {}", name.get()))
                    text="⋯"
                    entries=stream_menu
                    on_select=on_stream_menu
                />
            </header>
            <div class="stream-column__facts">
                <p class="stream-column__cadence">
                    <span>
                        {move || cadence.get().unwrap_or_else(|| "No cadence: a holding stream that never casts".into())}
                    </span>
                    <button
                        type="button"
                        class="button--link"
                        aria-label=move || format!("Edit cadence of {}", name.get())
                        on:click=move |_| editor.dialogs.cadence(id.get_value())
                    >
                        "Edit cadence"
                    </button>
                </p>
                <p class="stream-column__counts">
                    {move || count(members.get(), "member", "members")}
                    {move || {
                        exhausted
                            .get()
                            .map(|(n, date, stale)| {
                                let mut text = format!(" · {n} exhausted at the last simulated cast ({date})");
                                if stale {
                                    text.push_str(", from an out-of-date run");
                                }
                                text
                            })
                    }}
                    {move || {
                        let n = archived.get();
                        (n > 0).then(|| format!(" · {n} archived"))
                    }}
                </p>
                <p class="stream-column__rules">
                    <span>
                        {move || match rules.get().0 {
                            0 => "No transition rules".to_owned(),
                            n => count(n, "transition rule", "transition rules"),
                        }}
                    </span>
                    <Show when=move || overlaps.with(|o| !o.is_empty())>
                        <span
                            class="badge badge--warning"
                            title=move || {
                                format!(
                                    "Its rules can hold together with those of {}; the first stream in order wins (R-TR-2)",
                                    overlaps.get().join(", "),
                                )
                            }
                        >
                            "Overlaps"
                            <span class="visually-hidden">
                                {move || format!(" with {} (R-TR-2)", overlaps.get().join(", "))}
                            </span>
                        </span>
                    </Show>
                    <Show when=move || rules.get().1>
                        <span class="badge badge--warning" title="Uses any/not, which Marketo does not offer (R-TR-4)">
                            "Beyond Marketo"
                        </span>
                    </Show>
                    <button
                        type="button"
                        class="button--link"
                        aria-label=move || format!("Edit transition rules of {}", name.get())
                        on:click=move |_| editor.dialogs.rules(id.get_value())
                    >
                        "Edit rules"
                    </button>
                </p>
            </div>
            <div class="stream-column__tools">
                <button
                    type="button"
                    class="button button--small"
                    aria-label=move || format!("Add content to {}", name.get())
                    on:click=move |_| editor.dialogs.add_content(id.get_value())
                >
                    "Add content"
                </button>
                <button
                    type="button"
                    class="button button--small"
                    aria-label=move || format!("Activate all in {}", name.get())
                    on:click=activate_all
                >
                    "Activate all"
                </button>
                <button
                    type="button"
                    class="button button--small button--quiet"
                    aria-pressed=move || if show_archived.get() { "true" } else { "false" }
                    aria-label=move || format!("Show archived in {}", name.get())
                    on:click=toggle_archived
                >
                    "Show archived"
                </button>
            </div>
            <Show when=move || skipped.with(|s| !s.is_empty())>
                <div class="note">
                    <p>{move || format!("Activate all skipped {}:", count(skipped.with(Vec::len), "item", "items"))}</p>
                    <ul>{move || skipped.get().into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                    <button type="button" class="button button--small button--quiet" on:click=move |_| skipped.set(vec![])>
                        "Dismiss"
                    </button>
                </div>
            </Show>
            <SortableList
                id=stream.to_string()
                label=Signal::derive(move || format!("Content of {}", name.get()))
                items=entries
                item_view
                empty_text="No content yet: add some from the library, or drop an item here."
            />
        </section>
    }
}
