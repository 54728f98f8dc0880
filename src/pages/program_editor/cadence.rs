//! The cadence dialog of a stream: the [`CadenceEditor`] over the stream's
//! cadence, saved as `Edit::SetCadence` (the engine refuses R-CA-10 and
//! warns R-CA-3 again on save).

use engine::edit::Edit;
use leptos::prelude::*;

use super::dialogs::stream_label;
use super::use_editor;
use crate::components::{CadenceEditor, Dialog};
use crate::state::now;

#[component]
pub(crate) fn CadenceDialog() -> impl IntoView {
    let editor = use_editor();
    let slot = editor.dialogs.cadence;
    let title = Signal::derive(move || format!("Cadence of {}", stream_label(editor, slot.target.get())));
    view! {
        <Dialog open=slot.open title class="dialog--wide">
            {move || {
                let stream = slot.target.get()?;
                let (initial, tz, week_start) = untrack(|| {
                    let initial = editor.ep.with(|ep| {
                        ep.as_ref()?.streams.iter().find(|s| s.id == stream).and_then(|s| s.cadence)
                    });
                    let (tz, ws) = editor.ws.plan.with(|p| (p.workspace.time_zone, p.workspace.week_start));
                    (initial, tz, ws)
                });
                let at = now();
                let save = Callback::new(move |cadence| {
                    editor
                        .dispatch(Edit::SetCadence { stream: stream.clone(), cadence })
                        .map(|_| slot.open.set(false))
                        .map_err(|e| e.to_string())
                });
                Some(view! {
                    <CadenceEditor
                        initial
                        today=at.date_in(tz)
                        tz
                        week_start
                        now=at
                        on_save=save
                        on_cancel=Callback::new(move |()| slot.open.set(false))
                    />
                })
            }}
        </Dialog>
    }
}
