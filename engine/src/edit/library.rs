//! The content library: emails and content programs. Ids are unique across
//! emails and programs (and differ from engagement-program ids) and never
//! change; deleting, unapproving or making operational something in use
//! follows the referential-integrity rules of [`super::usage`].

use super::error::EditError;
use super::journal::Journal;
use super::lookup::{
    check_condition, check_given_id, content_label, content_or_ep_id_taken, find_content, fresh_id, optional_text,
    quoted, ContentAt,
};
use super::usage::{find, in_use_error, resolve, usages, Resolve, Scope, Target};
use super::{Applied, Created, EmailFields, OnConflict, ProgramFields};
use crate::model::{ContentId, ContentProgram, Email, Plan};

fn content_id_for(plan: &Plan, given: &Option<ContentId>, prefix: &str, name: &str) -> Result<ContentId, EditError> {
    match given {
        Some(id) => {
            check_given_id(id.as_str(), "content")?;
            if content_or_ep_id_taken(plan, id.as_str()) {
                return Err(EditError::invalid(format!(
                    "The id {} is already used: email, program and engagement-program ids are unique together",
                    quoted(id.as_str())
                )));
            }
            Ok(id.clone())
        }
        None => Ok(ContentId::new(fresh_id(prefix, name, |c| content_or_ep_id_taken(plan, c)))),
    }
}

fn email_from(id: ContentId, f: &EmailFields) -> Email {
    Email {
        id,
        name: optional_text(&f.name),
        subject: optional_text(&f.subject),
        approved: f.approved,
        operational: f.operational,
    }
}

pub(super) fn create_email(
    plan: &mut Plan,
    id: &Option<ContentId>,
    f: &EmailFields,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let name = optional_text(&f.name).unwrap_or_else(|| "email".to_owned());
    let id = content_id_for(plan, id, "e", &name)?;
    let email = email_from(id.clone(), f);
    let label = email.name.clone().unwrap_or_else(|| id.as_str().to_owned());
    j.emails(plan);
    plan.emails.push(email);
    Ok(Applied::done(format!("Created email {label}")).with_created(Created::Content(id)))
}

pub(super) fn update_email(
    plan: &mut Plan,
    id: &ContentId,
    f: &EmailFields,
    on_conflict: OnConflict,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let i = match find_content(plan, id) {
        Some(ContentAt::Email(i)) => i,
        Some(ContentAt::Program(_)) => {
            return Err(EditError::invalid(format!("{} is a content program, not an email", quoted(id.as_str()))))
        }
        None => return Err(EditError::not_found(format!("There is no email with id {:?}", id.as_str()))),
    };
    let old = &plan.emails[i];
    let new = email_from(id.clone(), f);
    let label = content_label(plan, id);
    if old == &new {
        return Ok(Applied::unchanged(format!("Email {label} is unchanged")));
    }
    let target = Target::Content(id.clone());
    let becomes_operational = new.operational && !old.operational;
    let unapproved = !new.approved && old.approved;
    // R-CO-1: an operational email may not stand in a stream at all.
    let as_content = if becomes_operational { find(plan, &target, Scope::AsContent) } else { vec![] };
    // Unapproving something still in use asks first (R-CO-2: an unapproved
    // email may not be active; streams, conditions and behaviour that use
    // it are listed so nothing is unapproved by surprise).
    let refs = if unapproved { find(plan, &target, Scope::References) } else { vec![] };
    if !as_content.is_empty() {
        match on_conflict {
            OnConflict::Remove => {}
            OnConflict::Refuse => {
                return Err(in_use_error(
                    &format!("make {} operational", quoted(&label)),
                    as_content,
                    "Engagement programs are not for operational emails: remove it from those places too, or cancel.",
                    Some("R-CO-1"),
                ))
            }
            OnConflict::Deactivate => return Err(in_use_error(
                &format!("make {} operational", quoted(&label)),
                as_content,
                "An operational email may not stand in a stream even inactive: remove it from those places instead.",
                Some("R-CO-1"),
            )),
        }
    }
    if !refs.is_empty() && on_conflict == OnConflict::Refuse {
        return Err(in_use_error(
            &format!("unapprove {}", quoted(&label)),
            refs,
            "Only an approved email can be active: unapprove it and deactivate it where it is active, \
             remove it from those places, or cancel.",
            Some("R-CO-2"),
        ));
    }
    let mut places = 0;
    let mut verb = "removed it from";
    if !as_content.is_empty() {
        places += resolve(plan, &target, Scope::AsContent, Resolve::Remove, j);
    }
    if !refs.is_empty() {
        if on_conflict == OnConflict::Deactivate {
            // Keeps every reference; only what is (or will be) active changes.
            places += resolve(plan, &target, Scope::Active, Resolve::Deactivate, j);
            if as_content.is_empty() {
                verb = "deactivated it in";
            }
        } else {
            places += resolve(plan, &target, Scope::References, Resolve::Remove, j);
        }
    }
    j.emails(plan);
    plan.emails[i] = new;
    let label = content_label(plan, id);
    let mut desc = format!("Updated email {label}");
    if places > 0 {
        desc.push_str(&format!("; {verb} {places} {}", if places == 1 { "place" } else { "places" }));
    }
    Ok(Applied::done(desc))
}

fn program_from(id: ContentId, f: &ProgramFields) -> ContentProgram {
    ContentProgram { id, name: optional_text(&f.name), kind: f.kind, audience: f.audience.clone() }
}

pub(super) fn create_program(
    plan: &mut Plan,
    id: &Option<ContentId>,
    f: &ProgramFields,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    if let Some(a) = &f.audience {
        check_condition(plan, a)?;
    }
    let name = optional_text(&f.name).unwrap_or_else(|| "program".to_owned());
    let id = content_id_for(plan, id, "p", &name)?;
    let p = program_from(id.clone(), f);
    let label = p.name.clone().unwrap_or_else(|| id.as_str().to_owned());
    j.programs(plan);
    plan.programs.push(p);
    Ok(Applied::done(format!("Created program {label}")).with_created(Created::Content(id)))
}

pub(super) fn update_program(
    plan: &mut Plan,
    id: &ContentId,
    f: &ProgramFields,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let i = match find_content(plan, id) {
        Some(ContentAt::Program(i)) => i,
        Some(ContentAt::Email(_)) => {
            return Err(EditError::invalid(format!("{} is an email, not a content program", quoted(id.as_str()))))
        }
        None => return Err(EditError::not_found(format!("There is no content program with id {:?}", id.as_str()))),
    };
    if let Some(a) = &f.audience {
        check_condition(plan, a)?;
    }
    let new = program_from(id.clone(), f);
    if plan.programs[i] == new {
        return Ok(Applied::unchanged(format!("Program {} is unchanged", content_label(plan, id))));
    }
    j.programs(plan);
    plan.programs[i] = new;
    Ok(Applied::done(format!("Updated program {}", content_label(plan, id))))
}

pub(super) fn delete(
    plan: &mut Plan,
    id: &ContentId,
    remove_usages: bool,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let at = match find_content(plan, id) {
        Some(at) => at,
        None => return Err(EditError::not_found(format!("There is no email or program with id {:?}", id.as_str()))),
    };
    let label = content_label(plan, id);
    let kind = if matches!(at, ContentAt::Email(_)) { "email" } else { "program" };
    let used = usages(plan, id);
    if !used.is_empty() && !remove_usages {
        return Err(in_use_error(
            &format!("delete the {kind} {}", quoted(&label)),
            used,
            "Remove it from those places too, or cancel.",
            None,
        ));
    }
    let places = resolve(plan, &Target::Content(id.clone()), Scope::Everywhere, Resolve::Remove, j);
    match at {
        ContentAt::Email(i) => {
            j.emails(plan);
            plan.emails.remove(i);
        }
        ContentAt::Program(i) => {
            j.programs(plan);
            plan.programs.remove(i);
        }
    }
    let mut desc = format!("Deleted {kind} {label}");
    if places > 0 {
        desc.push_str(&format!(" and removed it from {places} {}", if places == 1 { "place" } else { "places" }));
    }
    Ok(Applied::done(desc))
}
