//! The header mapping table of a people file: one row per CSV column with
//! its header, sample values, role and (for attributes) type; a problem
//! shows next to the control it is about. Headers and cells are the
//! file's text, rendered as text.

use engine::audience::AttrKind;
use leptos::prelude::*;

use super::mapping::{check, kind_from_value, kind_label, ColumnChoice, RoleChoice, KINDS};
use crate::components::dom::unique_id;

/// `columns` is edited in place; any change clears the last check (the
/// caller watches it).
#[component]
pub fn MappingTable(columns: RwSignal<Vec<ColumnChoice>>) -> impl IntoView {
    let checked = Memo::new(move |_| columns.with(|c| check(c)));
    // Rows are rebuilt only when the file (its column count) changes, so a
    // select keeps focus while its row updates.
    let count = Memo::new(move |_| columns.with(Vec::len));
    view! {
        <div class="import-mapping">
            <ul class="import-mapping__problems" role="alert" aria-label="Mapping problems">
                {move || checked.with(|c| c.overall.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view())}
            </ul>
            <div class="import-mapping__scroll">
                <table class="table import-mapping__table" aria-label="Column mapping">
                    <thead>
                        <tr>
                            <th scope="col">"Column"</th>
                            <th scope="col">"Sample values"</th>
                            <th scope="col">"Imported as"</th>
                            <th scope="col">"Type"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || (0..count.get()).map(|i| view! { <MappingRow columns checked=checked index=i/> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
}

#[component]
fn MappingRow(
    columns: RwSignal<Vec<ColumnChoice>>,
    checked: Memo<super::mapping::MappingCheck>,
    index: usize,
) -> impl IntoView {
    let col = move || columns.with(|c| c.get(index).cloned());
    let Some(first) = columns.with_untracked(|c| c.get(index).cloned()) else { return ().into_any() };
    let header = first.header.clone();
    let shown = if header.trim().is_empty() { format!("(column {}, no header)", index + 1) } else { header.clone() };
    let problem_id = unique_id("mapping-problem");
    let problem = move || checked.with(|c| c.per_column.get(index).cloned().flatten());
    let role = move || col().map_or(RoleChoice::Ignore, |c| c.role);
    let kind = move || col().map_or(AttrKind::Text, |c| c.kind);
    let set_role = move |v: String| {
        if let Some(r) = RoleChoice::from_value(&v) {
            columns.update(|c| c[index].role = r);
        }
    };
    let set_kind = move |v: String| {
        if let Some(k) = kind_from_value(&v) {
            columns.update(|c| c[index].kind = k);
        }
    };
    let role_label = format!("Imported as, column {}", shown);
    let kind_label_text = format!("Type of column {}", shown);
    let described = problem_id.clone();
    view! {
        <tr>
            <th scope="row" class="import-mapping__header">{shown.clone()}</th>
            <td class="import-mapping__samples">
                {if first.samples.is_empty() {
                    view! { <span class="muted">"(empty)"</span> }.into_any()
                } else {
                    first.samples.join(", ").into_any()
                }}
            </td>
            <td>
                <select
                    class="field__input"
                    aria-label=role_label
                    aria-describedby=described
                    aria-invalid=move || problem().is_some().then_some("true")
                    on:change=move |e| set_role(event_target_value(&e))
                >
                    {RoleChoice::ALL
                        .into_iter()
                        .map(|r| view! { <option value=r.value() selected=move || role() == r>{r.label()}</option> })
                        .collect_view()}
                </select>
                <p class="field__error" id=problem_id>{problem}</p>
            </td>
            <td>
                <Show when=move || role() == RoleChoice::Attribute fallback=|| view! { <span class="muted">"—"</span> }>
                    <select
                        class="field__input"
                        aria-label=kind_label_text.clone()
                        on:change=move |e| set_kind(event_target_value(&e))
                    >
                        {KINDS
                            .into_iter()
                            .map(|k| view! { <option value=k.name() selected=move || kind() == k>{kind_label(k)}</option> })
                            .collect_view()}
                    </select>
                </Show>
            </td>
        </tr>
    }
    .into_any()
}
