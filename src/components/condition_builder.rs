//! The condition builder (R-CD-1): groups matching all / any / not all /
//! none of their conditions, and leaves that compare an attribute, or test
//! received / opened / clicked (an email), program member / success (a
//! program), exhausted, in stream and unsubscribed.
//!
//! Attribute comparisons are typed by the values the audience holds
//! (R-CD-2, [`crate::planner::catalog`]): a number attribute offers
//! "is at least / at most …" with a number input, a text attribute "is /
//! is not / is one of / contains" with its known values as suggestions, a
//! yes/no attribute "is / is not" yes or no.
//!
//! The draft is a tree of signals ([`ConditionDraft`]): each field is its
//! own signal, so typing re-renders nothing but the field, and the caller
//! reads the result with [`ConditionDraft::to_condition`] when saving.
//! Reused for transition rules, program audiences and behaviour
//! multipliers:
//!
//! ```ignore
//! let draft = ConditionDraft::new(existing.as_ref());
//! view! { <ConditionBuilder draft catalog label="Audience"/> }
//! // on save:
//! let condition: Option<Condition> = draft.to_condition()?;
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};

use engine::model::{Condition, ContentId, Plan, StreamId};
use leptos::prelude::*;

use super::dom::unique_id;
use crate::planner::catalog::{attribute_catalog, op_text, op_type, parse_op, AttrInfo, AttrType, OpKind};

/// What conditions can name: the audience's attributes and the library,
/// programs' streams.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ConditionCatalog {
    pub attributes: Vec<AttrInfo>,
    pub emails: Vec<(ContentId, String)>,
    pub programs: Vec<(ContentId, String)>,
    /// `(id, "Stream (Program)")`.
    pub streams: Vec<(StreamId, String)>,
}

/// How many people the catalogue reads to type attributes.
pub const CATALOG_PEOPLE: usize = 100_000;

impl ConditionCatalog {
    pub fn of(plan: &Plan) -> ConditionCatalog {
        let name = |n: &Option<String>, id: &str| n.clone().unwrap_or_else(|| id.to_owned());
        ConditionCatalog {
            attributes: attribute_catalog(&plan.people, CATALOG_PEOPLE),
            emails: plan.emails.iter().map(|e| (e.id.clone(), name(&e.name, e.id.as_str()))).collect(),
            programs: plan.programs.iter().map(|p| (p.id.clone(), name(&p.name, p.id.as_str()))).collect(),
            streams: plan
                .engagement_programs
                .iter()
                .flat_map(|ep| {
                    let epn = name(&ep.name, ep.id.as_str());
                    ep.streams
                        .iter()
                        .map(move |s| (s.id.clone(), format!("{} ({epn})", name(&s.name, s.id.as_str()))))
                })
                .collect(),
        }
    }

    fn attr(&self, name: &str) -> Option<&AttrInfo> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

/// What a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    All,
    Any,
    /// `not(all(...))`
    NotAll,
    /// `not(any(...))`
    NoneOf,
    Attr,
    Received,
    Opened,
    Clicked,
    ProgramMember,
    ProgramSuccess,
    Exhausted,
    InStream,
    Unsubscribed,
}

impl Kind {
    fn is_group(self) -> bool {
        matches!(self, Kind::All | Kind::Any | Kind::NotAll | Kind::NoneOf)
    }
}

const GROUP_MODES: [(Kind, &str, &str); 4] = [
    (Kind::All, "all", "all of these hold"),
    (Kind::Any, "any", "any of these holds"),
    (Kind::NotAll, "not-all", "not all of these hold"),
    (Kind::NoneOf, "none", "none of these holds"),
];

const LEAVES: [(Kind, &str, &str); 9] = [
    (Kind::Attr, "attr", "Attribute"),
    (Kind::Received, "received", "Received email"),
    (Kind::Opened, "opened", "Opened email"),
    (Kind::Clicked, "clicked", "Clicked email"),
    (Kind::ProgramMember, "program-member", "Member of program"),
    (Kind::ProgramSuccess, "program-success", "Success in program"),
    (Kind::Exhausted, "exhausted", "Exhausted in current stream"),
    (Kind::InStream, "in-stream", "In stream"),
    (Kind::Unsubscribed, "unsubscribed", "Unsubscribed"),
];

/// One node of the draft tree; every field is its own signal.
#[derive(Clone, Copy)]
struct Node {
    id: usize,
    kind: RwSignal<Kind>,
    children: RwSignal<Vec<Node>>,
    attr: RwSignal<String>,
    /// The attribute's type when the audience does not say (a rule loaded
    /// for an attribute nobody has).
    attr_type: RwSignal<AttrType>,
    op: RwSignal<OpKind>,
    text: RwSignal<String>,
    reference: RwSignal<String>,
    flag: RwSignal<bool>,
}

fn next_id() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Node {
    fn new(kind: Kind) -> Node {
        Node {
            id: next_id(),
            kind: RwSignal::new(kind),
            children: RwSignal::new(Vec::new()),
            attr: RwSignal::new(String::new()),
            attr_type: RwSignal::new(AttrType::Text),
            op: RwSignal::new(OpKind::Eq),
            text: RwSignal::new(String::new()),
            reference: RwSignal::new(String::new()),
            flag: RwSignal::new(true),
        }
    }

    fn group(kind: Kind, children: Vec<Node>) -> Node {
        let n = Node::new(kind);
        n.children.set(children);
        n
    }

    fn from_condition(c: &Condition) -> Node {
        let leaf = |kind: Kind, reference: &str| {
            let n = Node::new(kind);
            n.reference.set(reference.to_owned());
            n
        };
        let flag = |kind: Kind, v: bool| {
            let n = Node::new(kind);
            n.flag.set(v);
            n
        };
        let kids = |cs: &[Condition]| cs.iter().map(Node::from_condition).collect::<Vec<_>>();
        match c {
            Condition::All(cs) => Node::group(Kind::All, kids(cs)),
            Condition::Any(cs) => Node::group(Kind::Any, kids(cs)),
            Condition::Not(inner) => match &**inner {
                Condition::All(cs) => Node::group(Kind::NotAll, kids(cs)),
                Condition::Any(cs) => Node::group(Kind::NoneOf, kids(cs)),
                other => Node::group(Kind::NoneOf, vec![Node::from_condition(other)]),
            },
            Condition::Attr { name, op } => {
                let n = Node::new(Kind::Attr);
                n.attr.set(name.clone());
                n.attr_type.set(op_type(op));
                n.op.set(OpKind::of(op));
                n.text.set(op_text(op));
                n
            }
            Condition::Received(id) => leaf(Kind::Received, id.as_str()),
            Condition::Opened(id) => leaf(Kind::Opened, id.as_str()),
            Condition::Clicked(id) => leaf(Kind::Clicked, id.as_str()),
            Condition::ProgramMember(id) => leaf(Kind::ProgramMember, id.as_str()),
            Condition::ProgramSuccess(id) => leaf(Kind::ProgramSuccess, id.as_str()),
            Condition::Exhausted(v) => flag(Kind::Exhausted, *v),
            Condition::InStream(id) => leaf(Kind::InStream, id.as_str()),
            Condition::Unsubscribed(v) => flag(Kind::Unsubscribed, *v),
        }
    }

    /// The type of this leaf's attribute: the audience's, else the one
    /// remembered from the loaded rule.
    fn attr_type_in(&self, catalog: &ConditionCatalog) -> AttrType {
        catalog.attr(&self.attr.get_untracked()).map(|a| a.kind).unwrap_or_else(|| self.attr_type.get_untracked())
    }

    /// The condition, `None` for an empty group; `path` names the node in
    /// errors ("Condition 2.1").
    fn to_condition(&self, catalog: &ConditionCatalog, path: &str) -> Result<Option<Condition>, String> {
        let kind = self.kind.get_untracked();
        if kind.is_group() {
            let mut cs = Vec::new();
            for (i, child) in self.children.get_untracked().iter().enumerate() {
                let p = if path.is_empty() { format!("{}", i + 1) } else { format!("{path}.{}", i + 1) };
                if let Some(c) = child.to_condition(catalog, &p)? {
                    cs.push(c);
                }
            }
            if cs.is_empty() {
                return Ok(None);
            }
            let joined = |cs: Vec<Condition>, any: bool| {
                if cs.len() == 1 {
                    cs.into_iter().next().expect("one")
                } else if any {
                    Condition::Any(cs)
                } else {
                    Condition::All(cs)
                }
            };
            return Ok(Some(match kind {
                Kind::All => joined(cs, false),
                Kind::Any => joined(cs, true),
                Kind::NotAll => Condition::Not(Box::new(joined(cs, false))),
                _ => Condition::Not(Box::new(joined(cs, true))),
            }));
        }
        let at = |what: &str| format!("Condition {path}: {what}");
        let reference = self.reference.get_untracked();
        let need = |what: &str| -> Result<String, String> {
            if reference.is_empty() {
                Err(at(&format!("choose {what}")))
            } else {
                Ok(reference.clone())
            }
        };
        Ok(Some(match kind {
            Kind::Attr => {
                let name = self.attr.get_untracked();
                if name.trim().is_empty() {
                    return Err(at("choose an attribute"));
                }
                let op = parse_op(self.attr_type_in(catalog), self.op.get_untracked(), &self.text.get_untracked())
                    .map_err(|e| at(&e))?;
                Condition::Attr { name: name.trim().to_owned(), op }
            }
            Kind::Received => Condition::Received(ContentId::new(need("an email")?)),
            Kind::Opened => Condition::Opened(ContentId::new(need("an email")?)),
            Kind::Clicked => Condition::Clicked(ContentId::new(need("an email")?)),
            Kind::ProgramMember => Condition::ProgramMember(ContentId::new(need("a program")?)),
            Kind::ProgramSuccess => Condition::ProgramSuccess(ContentId::new(need("a program")?)),
            Kind::InStream => Condition::InStream(StreamId::new(need("a stream")?)),
            Kind::Exhausted => Condition::Exhausted(self.flag.get_untracked()),
            Kind::Unsubscribed => Condition::Unsubscribed(self.flag.get_untracked()),
            _ => unreachable!("groups handled above"),
        }))
    }

    /// Subscribes the running effect to every field of the subtree.
    fn track(&self) {
        self.kind.track();
        self.attr.track();
        self.attr_type.track();
        self.op.track();
        self.text.track();
        self.reference.track();
        self.flag.track();
        self.children.with(|c| c.iter().for_each(Node::track));
    }

    /// Whether the subtree uses any/not (R-TR-4), tracked.
    fn beyond_marketo(&self) -> bool {
        match self.kind.get() {
            Kind::Any | Kind::NotAll | Kind::NoneOf => self.children.with(|c| !c.is_empty()),
            Kind::All => self.children.with(|c| c.iter().any(Node::beyond_marketo)),
            _ => false,
        }
    }
}

/// A condition being edited: a tree of signals, created under the current
/// reactive owner (and disposed with it).
#[derive(Clone, Copy)]
pub struct ConditionDraft {
    root: Node,
    owner: StoredValue<Owner, LocalStorage>,
}

impl ConditionDraft {
    /// A draft of `c`, or an empty "all of" group. The root is always a
    /// group, so a single leaf shows inside "all of these hold".
    pub fn new(c: Option<&Condition>) -> ConditionDraft {
        let root = match c.map(Node::from_condition) {
            Some(n) if n.kind.get_untracked().is_group() => n,
            Some(leaf) => Node::group(Kind::All, vec![leaf]),
            None => Node::group(Kind::All, vec![]),
        };
        let owner = Owner::current().unwrap_or_default();
        ConditionDraft { root, owner: StoredValue::new_local(owner) }
    }

    /// The edited condition (`None`: no conditions), or the first problem
    /// ("Condition 2: choose an email").
    pub fn to_condition(&self, catalog: &ConditionCatalog) -> Result<Option<Condition>, String> {
        self.root.to_condition(catalog, "")
    }

    /// Whether it uses any/not, which Marketo does not offer (R-TR-4); tracked.
    pub fn beyond_marketo(&self) -> bool {
        self.root.beyond_marketo()
    }

    /// Subscribes the running effect or memo to every field of the draft,
    /// for views that follow the condition as it is typed (e.g. how many
    /// people match it; [`ConditionDraft::to_condition`] reads untracked).
    pub fn track(&self) {
        self.root.track();
    }

    /// Whether it has no conditions at all; tracked.
    pub fn is_empty(&self) -> bool {
        self.root.children.with(Vec::is_empty)
    }

    /// A new node created under the draft's owner (event handlers have none).
    fn make(&self, kind: Kind) -> Node {
        self.owner.with_value(|o| o.with(|| Node::new(kind)))
    }
}

/// The builder for `draft`.
#[component]
pub fn ConditionBuilder(
    draft: ConditionDraft,
    /// What conditions may name.
    #[prop(into)]
    catalog: Signal<ConditionCatalog>,
    /// The root group's accessible name, e.g. "Rule 1" or "Audience".
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let datalist_base = StoredValue::new(unique_id("attr-values"));
    view! {
        <div class="condition-builder">
            {group_view(draft, draft.root, catalog, label, None, datalist_base)}
            <Show when=move || draft.beyond_marketo()>
                <p class="field__hint">
                    <span class="badge badge--warning">"Beyond Marketo"</span>
                    " Uses “any” or “not”: Marketo's rules only offer “all of these” (R-TR-4)."
                </p>
            </Show>
        </div>
    }
}

fn group_view(
    draft: ConditionDraft,
    node: Node,
    catalog: Signal<ConditionCatalog>,
    label: String,
    on_remove: Option<Callback<()>>,
    datalist_base: StoredValue<String>,
) -> AnyView {
    let select_id = unique_id("group-mode");
    let add = move |kind: Kind| {
        let child = draft.make(kind);
        if kind == Kind::Attr {
            if let Some(a) = catalog.with_untracked(|c| c.attributes.first().cloned()) {
                child.attr.set(a.name);
                child.attr_type.set(a.kind);
                child.op.set(a.kind.ops()[0]);
            }
        }
        if kind.is_group() {
            let leaf = draft.make(Kind::Attr);
            if let Some(a) = catalog.with_untracked(|c| c.attributes.first().cloned()) {
                leaf.attr.set(a.name);
                leaf.attr_type.set(a.kind);
                leaf.op.set(a.kind.ops()[0]);
            }
            child.children.set(vec![leaf]);
        }
        node.children.update(|c| c.push(child));
    };
    let remove_child = move |id: usize| node.children.update(|c| c.retain(|n| n.id != id));
    let group_label = label.clone();
    let aria = label.clone();
    view! {
        <div class="condition-group" role="group" aria-label=aria>
            <div class="condition-group__head">
                <label for=select_id.clone()>"Match when"</label>
                <select
                    id=select_id.clone()
                    class="field__input"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some((k, _, _)) = GROUP_MODES.iter().find(|(_, key, _)| *key == v) {
                            node.kind.set(*k);
                        }
                    }
                >
                    {GROUP_MODES
                        .iter()
                        .map(|&(k, key, text)| {
                            view! {
                                <option value=key selected=move || node.kind.get() == k>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                {on_remove
                    .map(|cb| {
                        view! {
                            <button
                                type="button"
                                class="button button--small button--quiet"
                                aria-label=format!("Remove {group_label}")
                                on:click=move |_| cb.run(())
                            >
                                "Remove group"
                            </button>
                        }
                    })}
            </div>
            <ul class="condition-group__items">
                <For
                    each=move || { node.children.get().into_iter().enumerate().collect::<Vec<(usize, Node)>>() }
                    key=|(i, n)| (*i, n.id)
                    let:entry
                >
                    {
                        let (i, child) = entry;
                        let name = format!("{label} condition {}", i + 1);
                        let remove = Callback::new(move |()| remove_child(child.id));
                        view! {
                            <li>
                                {move || {
                                    if child.kind.get().is_group() {
                                        group_view(draft, child, catalog, name.clone(), Some(remove), datalist_base)
                                    } else {
                                        leaf_view(child, catalog, name.clone(), remove, datalist_base)
                                    }
                                }}
                            </li>
                        }
                    }
                </For>
            </ul>
            <Show when=move || node.children.with(Vec::is_empty)>
                <p class="field__hint">"No conditions yet."</p>
            </Show>
            <div class="condition-group__head">
                <button type="button" class="button button--small" on:click=move |_| add(Kind::Attr)>
                    "Add condition"
                </button>
                <button type="button" class="button button--small button--quiet" on:click=move |_| add(Kind::All)>
                    "Add group"
                </button>
            </div>
        </div>
    }
    .into_any()
}

fn leaf_view(
    node: Node,
    catalog: Signal<ConditionCatalog>,
    label: String,
    on_remove: Callback<()>,
    datalist_base: StoredValue<String>,
) -> AnyView {
    let kind_id = unique_id("leaf-kind");
    let kind = Memo::new(move |_| node.kind.get());
    let remove_label = format!("Remove {label}");
    let type_label = format!("{label}: type");
    let aria = label.clone();
    view! {
        <div class="condition-row" role="group" aria-label=aria>
            <label class="visually-hidden" for=kind_id.clone()>{type_label}</label>
            <select
                id=kind_id
                class="field__input"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let k = if v == "group" {
                        Some(Kind::All)
                    } else {
                        LEAVES.iter().find(|(_, key, _)| *key == v).map(|(k, _, _)| *k)
                    };
                    if let Some(k) = k {
                        node.reference.set(String::new());
                        node.kind.set(k);
                    }
                }
            >
                {LEAVES
                    .iter()
                    .map(|&(k, key, text)| {
                        view! {
                            <option value=key selected=move || kind.get() == k>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            {move || match kind.get() {
                Kind::Attr => attr_fields(node, catalog, label.clone(), datalist_base),
                Kind::Received | Kind::Opened | Kind::Clicked => {
                    reference_select(node, Signal::derive(move || catalog.with(|c| pairs(&c.emails))), "Email", &label)
                }
                Kind::ProgramMember | Kind::ProgramSuccess => {
                    reference_select(node, Signal::derive(move || catalog.with(|c| pairs(&c.programs))), "Program", &label)
                }
                Kind::InStream => {
                    reference_select(node, Signal::derive(move || catalog.with(|c| pairs(&c.streams))), "Stream", &label)
                }
                _ => flag_select(node, &label),
            }}
            <button
                type="button"
                class="button button--small button--quiet"
                aria-label=remove_label
                on:click=move |_| on_remove.run(())
            >
                "✕"
            </button>
        </div>
    }
    .into_any()
}

fn pairs<I: ToString>(v: &[(I, String)]) -> Vec<(String, String)> {
    v.iter().map(|(id, name)| (id.to_string(), name.clone())).collect()
}

fn reference_select(node: Node, options: Signal<Vec<(String, String)>>, what: &'static str, label: &str) -> AnyView {
    let id = unique_id("leaf-ref");
    view! {
        <label class="visually-hidden" for=id.clone()>{format!("{label}: {}", what.to_lowercase())}</label>
        <select
            id=id
            class="field__input"
            on:change=move |ev| node.reference.set(event_target_value(&ev))
        >
            <option value="" selected=move || node.reference.with(String::is_empty)>
                {format!("Choose {}…", what.to_lowercase())}
            </option>
            {move || {
                let mut opts = options.get();
                let current = node.reference.get_untracked();
                if !current.is_empty() && !opts.iter().any(|(id, _)| *id == current) {
                    opts.push((current.clone(), format!("{current} (unknown)")));
                }
                opts.into_iter()
                    .map(|(id, name)| {
                        let v = id.clone();
                        view! {
                            <option value=id selected=move || node.reference.with(|r| *r == v)>
                                {name}
                            </option>
                        }
                    })
                    .collect_view()
            }}
        </select>
    }
    .into_any()
}

fn flag_select(node: Node, label: &str) -> AnyView {
    let id = unique_id("leaf-flag");
    view! {
        <label class="visually-hidden" for=id.clone()>{format!("{label}: value")}</label>
        <select id=id class="field__input" on:change=move |ev| node.flag.set(event_target_value(&ev) == "yes")>
            <option value="yes" selected=move || node.flag.get()>"yes"</option>
            <option value="no" selected=move || !node.flag.get()>"no"</option>
        </select>
    }
    .into_any()
}

fn attr_fields(
    node: Node,
    catalog: Signal<ConditionCatalog>,
    label: String,
    datalist_base: StoredValue<String>,
) -> AnyView {
    let attr_id = unique_id("leaf-attr");
    let op_id = unique_id("leaf-op");
    let value_id = unique_id("leaf-value");
    let list_id = format!("{}-{}", datalist_base.get_value(), node.id);
    let ty = Memo::new(move |_| {
        let name = node.attr.get();
        catalog.with(|c| c.attr(&name).map(|a| a.kind)).unwrap_or_else(|| node.attr_type.get())
    });
    let values = Memo::new(move |_| {
        let name = node.attr.get();
        catalog.with(|c| c.attr(&name).map(|a| a.values.clone()).unwrap_or_default())
    });
    let on_attr = move |ev: web_sys::Event| {
        let name = event_target_value(&ev);
        let old_ty = ty.get_untracked();
        let new_ty = catalog.with_untracked(|c| c.attr(&name).map(|a| a.kind)).unwrap_or(AttrType::Text);
        node.attr.set(name);
        node.attr_type.set(new_ty);
        // Another type: its first comparison ("is at least" for a number).
        if new_ty != old_ty || !new_ty.ops().contains(&node.op.get_untracked()) {
            node.op.set(new_ty.ops()[0]);
        }
        if new_ty == AttrType::YesNo && !matches!(node.text.get_untracked().as_str(), "true" | "false") {
            node.text.set("true".into());
        }
    };
    let value_input = {
        let (label, value_id, list_id) = (label.clone(), value_id.clone(), list_id.clone());
        move || {
            let field_label = format!("{label}: value");
            match (ty.get(), node.op.get()) {
                (AttrType::YesNo, _) => view! {
                    <label class="visually-hidden" for=value_id.clone()>{field_label}</label>
                    <select id=value_id.clone() class="field__input" on:change=move |ev| node.text.set(event_target_value(&ev))>
                        <option value="true" selected=move || node.text.with(|t| t != "false")>"yes"</option>
                        <option value="false" selected=move || node.text.with(|t| t == "false")>"no"</option>
                    </select>
                }
                .into_any(),
                (AttrType::Number, op) if op != OpKind::In => view! {
                    <label class="visually-hidden" for=value_id.clone()>{field_label}</label>
                    <input
                        id=value_id.clone()
                        class="field__input"
                        type="number"
                        step="any"
                        prop:value=move || node.text.get()
                        on:input=move |ev| node.text.set(event_target_value(&ev))
                    />
                }
                .into_any(),
                (_, op) => view! {
                    <label class="visually-hidden" for=value_id.clone()>
                        {if op == OpKind::In { format!("{field_label}s, separated by commas") } else { field_label }}
                    </label>
                    <input
                        id=value_id.clone()
                        class="field__input"
                        type="text"
                        list=list_id.clone()
                        placeholder=if op == OpKind::In { "a, b, c" } else { "" }
                        prop:value=move || node.text.get()
                        on:input=move |ev| node.text.set(event_target_value(&ev))
                    />
                }
                .into_any(),
            }
        }
    };
    view! {
        <label class="visually-hidden" for=attr_id.clone()>{format!("{label}: attribute")}</label>
        <select id=attr_id class="field__input" on:change=on_attr>
            {move || {
                let mut names: Vec<(String, String)> = catalog
                    .with(|c| c.attributes.iter().map(|a| (a.name.clone(), format!("{} ({})", a.name, a.kind.label()))).collect());
                let current = node.attr.get_untracked();
                if !current.is_empty() && !names.iter().any(|(n, _)| *n == current) {
                    names.push((current.clone(), format!("{current} (not in the audience)")));
                }
                if names.is_empty() {
                    return view! { <option value="">"No attributes in the audience"</option> }.into_any();
                }
                names
                    .into_iter()
                    .map(|(n, text)| {
                        let v = n.clone();
                        view! {
                            <option value=n selected=move || node.attr.with(|a| *a == v)>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
        </select>
        <label class="visually-hidden" for=op_id.clone()>{format!("{label}: comparison")}</label>
        <select
            id=op_id
            class="field__input"
            on:change=move |ev| {
                if let Some(k) = OpKind::from_key(&event_target_value(&ev)) {
                    node.op.set(k);
                }
            }
        >
            {move || {
                ty.get()
                    .ops()
                    .iter()
                    .map(|&k| {
                        view! {
                            <option value=k.key() selected=move || node.op.get() == k>
                                {k.label()}
                            </option>
                        }
                    })
                    .collect_view()
            }}
        </select>
        {value_input}
        <datalist id=list_id>
            {move || values.get().into_iter().map(|v| view! { <option value=v></option> }).collect_view()}
        </datalist>
    }
    .into_any()
}
