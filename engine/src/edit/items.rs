//! Content items of a stream: add from the library, activate, availability,
//! archive, remove, activate all, and moves within and across streams.

use super::error::EditError;
use super::journal::Journal;
use super::lookup::{
    check_date, content_label, ep_label, find_content, item_index, pos, quoted, ref_label, stream_label, stream_pos,
    ContentAt,
};
use super::{Applied, Skipped, Subject};
use crate::model::{ContentId, ContentItem, ContentRef, Plan, StreamId};
use crate::time::{format_date, Date};

/// The library item `id` as stream content: R-CO-1.
fn content_ref(plan: &Plan, id: &ContentId) -> Result<ContentRef, EditError> {
    match find_content(plan, id) {
        Some(ContentAt::Email(i)) => {
            let email = &plan.emails[i];
            if email.operational {
                return Err(EditError::rule(
                    "R-CO-1",
                    format!(
                        "Cannot add {}: it is an operational email, and engagement programs are not for operational emails",
                        content_label(plan, id)
                    ),
                ));
            }
            Ok(ContentRef::Email(id.clone()))
        }
        Some(ContentAt::Program(_)) => Ok(ContentRef::Program(id.clone())),
        None if plan.engagement_programs.iter().any(|ep| ep.id.as_str() == id.as_str()) => Err(EditError::rule(
            "R-CO-1",
            format!(
                "Cannot add {}: it is an engagement program, and an engagement program is never content",
                quoted(id.as_str())
            ),
        )),
        None => {
            Err(EditError::not_found(format!("There is no email or program with id {:?} in the library", id.as_str())))
        }
    }
}

/// R-CO-2: whether content `r` may be active; the reason when not.
fn activation_refusal(plan: &Plan, item: &ContentItem) -> Option<(&'static str, String)> {
    if item.archived {
        return Some(("R-CO-4", "it is archived; unarchive it first".to_owned()));
    }
    if let ContentRef::Email(id) = &item.content {
        match find_content(plan, id) {
            Some(ContentAt::Email(i)) if !plan.emails[i].approved => {
                return Some((
                    "R-CO-2",
                    "it is an email that is not approved; only an approved email can be active".to_owned(),
                ));
            }
            Some(ContentAt::Email(i)) if plan.emails[i].operational => {
                return Some(("R-CO-1", "it is an operational email".to_owned()));
            }
            _ => {}
        }
    }
    None
}

pub(super) fn add(
    plan: &mut Plan,
    stream: &StreamId,
    content: &ContentId,
    to_index: Option<usize>,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let (e, s) = stream_pos(plan, stream)?;
    let r = content_ref(plan, content)?;
    let st = &plan.engagement_programs[e].streams[s];
    let label = content_label(plan, content);
    if let Some(k) = st.content.iter().position(|i| i.content.id() == content) {
        return Err(EditError::rule(
            "R-CO-6",
            format!(
                "Cannot add {label} to {}: it is already in that stream, at position {}; content stands at most once in a stream",
                stream_label(st),
                pos(k)
            ),
        ));
    }
    let n = st.content.len();
    let at = to_index.unwrap_or(n);
    if at > n {
        return Err(EditError::out_of_range(format!(
            "Cannot add {label} at position {} of {}: it has {n} items",
            pos(at),
            stream_label(st)
        )));
    }
    let stream_name = stream_label(st).to_owned();
    j.ep(plan, e);
    // R-CO-2: new content is inactive.
    plan.engagement_programs[e].streams[s].content.insert(at, ContentItem::new(r));
    Ok(Applied::done(format!("Added {label} to {stream_name} at position {} (inactive)", pos(at))))
}

/// (EP index, stream index, item index) of `content` in `stream`.
fn locate(plan: &Plan, stream: &StreamId, content: &ContentId) -> Result<(usize, usize, usize), EditError> {
    let (e, s) = stream_pos(plan, stream)?;
    let k = item_index(&plan.engagement_programs[e].streams[s], content)?;
    Ok((e, s, k))
}

pub(super) fn set_active(
    plan: &mut Plan,
    stream: &StreamId,
    content: &ContentId,
    active: bool,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let (e, s, k) = locate(plan, stream, content)?;
    let st = &plan.engagement_programs[e].streams[s];
    let item = &st.content[k];
    let label = ref_label(plan, &item.content);
    let stream_name = stream_label(st).to_owned();
    if item.active == active {
        return Ok(Applied::unchanged(format!(
            "{label} is already {} in {stream_name}",
            if active { "active" } else { "inactive" }
        )));
    }
    if active {
        if let Some((rule, why)) = activation_refusal(plan, item) {
            return Err(EditError::rule(rule, format!("Cannot activate {label} in {stream_name}: {why}")));
        }
    }
    j.ep(plan, e);
    plan.engagement_programs[e].streams[s].content[k].active = active;
    Ok(Applied::done(format!("{} {label} in {stream_name}", if active { "Activated" } else { "Deactivated" })))
}

fn window_text(from: Option<Date>, through: Option<Date>) -> String {
    match (from, through) {
        (None, None) => "always".to_owned(),
        (Some(f), None) => format!("from {}", format_date(f)),
        (None, Some(t)) => format!("through {}", format_date(t)),
        (Some(f), Some(t)) => format!("from {} through {}", format_date(f), format_date(t)),
    }
}

pub(super) fn set_availability(
    plan: &mut Plan,
    stream: &StreamId,
    content: &ContentId,
    from: Option<Date>,
    through: Option<Date>,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let (e, s, k) = locate(plan, stream, content)?;
    if let Some(f) = from {
        check_date(f, "available-from date")?;
    }
    if let Some(t) = through {
        check_date(t, "available-through date")?;
    }
    let st = &plan.engagement_programs[e].streams[s];
    let item = &st.content[k];
    let label = ref_label(plan, &item.content);
    if let (Some(f), Some(t)) = (from, through) {
        if t < f {
            return Err(EditError::rule(
                "R-CO-3",
                format!(
                    "Cannot make {label} available from {} through {}: the window ends before it starts",
                    format_date(f),
                    format_date(t)
                ),
            ));
        }
    }
    let stream_name = stream_label(st).to_owned();
    if item.available_from == from && item.available_through == through {
        return Ok(Applied::unchanged(format!("The availability of {label} in {stream_name} is unchanged")));
    }
    j.ep(plan, e);
    let item = &mut plan.engagement_programs[e].streams[s].content[k];
    item.available_from = from;
    item.available_through = through;
    Ok(Applied::done(format!("{label} in {stream_name} is available {}", window_text(from, through))))
}

pub(super) fn set_archived(
    plan: &mut Plan,
    stream: &StreamId,
    content: &ContentId,
    archived: bool,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let (e, s, k) = locate(plan, stream, content)?;
    let st = &plan.engagement_programs[e].streams[s];
    let item = &st.content[k];
    let label = ref_label(plan, &item.content);
    let stream_name = stream_label(st).to_owned();
    if item.archived == archived {
        return Ok(Applied::unchanged(format!(
            "{label} is already {} in {stream_name}",
            if archived { "archived" } else { "not archived" }
        )));
    }
    j.ep(plan, e);
    let item = &mut plan.engagement_programs[e].streams[s].content[k];
    item.archived = archived;
    if archived {
        Ok(Applied::done(format!("Archived {label} in {stream_name}")))
    } else {
        // R-CO-4: unarchiving brings it back inactive.
        item.active = false;
        Ok(Applied::done(format!("Unarchived {label} in {stream_name}; it is inactive until you activate it")))
    }
}

pub(super) fn remove(
    plan: &mut Plan,
    stream: &StreamId,
    content: &ContentId,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let (e, s, k) = locate(plan, stream, content)?;
    let st = &plan.engagement_programs[e].streams[s];
    let label = ref_label(plan, &st.content[k].content);
    let stream_name = stream_label(st).to_owned();
    j.ep(plan, e);
    // R-CO-5: who consumed it stays recorded; only the stream entry goes.
    plan.engagement_programs[e].streams[s].content.remove(k);
    Ok(Applied::done(format!("Removed {label} from {stream_name}")))
}

pub(super) fn activate_all(plan: &mut Plan, stream: &StreamId, j: &mut Journal) -> Result<Applied, EditError> {
    let (e, s) = stream_pos(plan, stream)?;
    let st = &plan.engagement_programs[e].streams[s];
    let stream_name = stream_label(st).to_owned();
    let mut to_activate = Vec::new();
    let mut skipped = Vec::new();
    for (k, item) in st.content.iter().enumerate() {
        if item.active {
            continue;
        }
        match activation_refusal(plan, item) {
            Some((rule, why)) => skipped.push(Skipped {
                subject: Subject::Content(item.content.id().clone()),
                name: ref_label(plan, &item.content),
                reason: why,
                rule: Some(rule),
            }),
            None => to_activate.push(k),
        }
    }
    let n = to_activate.len();
    let mut desc = match n {
        0 => format!("Activated nothing in {stream_name}"),
        1 => format!("Activated 1 item in {stream_name}"),
        n => format!("Activated {n} items in {stream_name}"),
    };
    if !skipped.is_empty() {
        desc.push_str(&format!("; skipped {}", skipped.len()));
    }
    if n > 0 {
        j.ep(plan, e);
        let items = &mut plan.engagement_programs[e].streams[s].content;
        for k in to_activate {
            if let Some(item) = items.get_mut(k) {
                item.active = true;
            }
        }
    }
    Ok(Applied { description: desc, changed: n > 0, skipped, ..Applied::default() })
}

pub(super) fn move_item(
    plan: &mut Plan,
    from_stream: &StreamId,
    from_index: usize,
    to_stream: &StreamId,
    to_index: usize,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let (fe, fs) = stream_pos(plan, from_stream)?;
    let (te, ts) = stream_pos(plan, to_stream)?;
    let ep = &plan.engagement_programs[fe];
    let src = &ep.streams[fs];
    let src_name = stream_label(src).to_owned();
    let Some(item) = src.content.get(from_index) else {
        return Err(EditError::out_of_range(format!(
            "{src_name} has no item at position {} (it has {})",
            pos(from_index),
            src.content.len()
        )));
    };
    let label = ref_label(plan, &item.content);
    if fe != te {
        return Err(EditError::invalid(format!(
            "Cannot move {label} from {src_name} ({}) to {} ({}): content moves only between streams of the same engagement program",
            ep_label(ep),
            stream_label(&plan.engagement_programs[te].streams[ts]),
            ep_label(&plan.engagement_programs[te])
        )));
    }
    if fs == ts {
        let n = src.content.len();
        if to_index >= n {
            return Err(EditError::out_of_range(format!(
                "Cannot move {label} to position {} of {src_name}: it has {n} items",
                pos(to_index)
            )));
        }
        if from_index == to_index {
            return Ok(Applied::unchanged(format!("{label} stays at position {} in {src_name}", pos(from_index))));
        }
        j.ep(plan, fe);
        let items = &mut plan.engagement_programs[fe].streams[fs].content;
        super::reorder::reorder(items, from_index, to_index).map_err(|e| EditError::out_of_range(e.to_string()))?;
        return Ok(Applied::done(format!(
            "Moved {label} from position {} to {} in {src_name}",
            pos(from_index),
            pos(to_index)
        )));
    }
    let dst = &ep.streams[ts];
    let dst_name = stream_label(dst).to_owned();
    if let Some(k) = dst.content.iter().position(|i| i.content.id() == item.content.id()) {
        return Err(EditError::rule(
            "R-CO-6",
            format!(
                "Cannot move {label} to {dst_name}: it is already there, at position {}; content stands at most once in a stream",
                pos(k)
            ),
        ));
    }
    let n = dst.content.len();
    if to_index > n {
        return Err(EditError::out_of_range(format!(
            "Cannot move {label} to position {} of {dst_name}: it has {n} items",
            pos(to_index)
        )));
    }
    j.ep(plan, fe);
    let streams = &mut plan.engagement_programs[fe].streams;
    let moved = streams[fs].content.remove(from_index);
    streams[ts].content.insert(to_index, moved);
    Ok(Applied::done(format!(
        "Moved {label} from position {} in {src_name} to position {} in {dst_name}",
        pos(from_index),
        pos(to_index)
    )))
}
