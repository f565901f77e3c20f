//! Pieces every screen uses: a labelled field with its hint and problems, a status
//! banner, and the "copy" button.

use yew::prelude::*;

use crate::browser;

/// Props of [`Field`].
#[derive(Properties, PartialEq, Clone)]
pub struct FieldProps {
    /// The input's id (for a field of the configuration, its path: see `crate::anchors`).
    pub id: AttrValue,
    /// The visible label.
    pub label: AttrValue,
    /// The current value.
    pub value: AttrValue,
    /// Called with the new value on every keystroke.
    pub oninput: Callback<String>,
    /// `text`, `url`, `email`, `number`, `date`, `color`, `password`, or `textarea`.
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// A hint shown under the label (and read with the field).
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Problems of this field, shown beside it and read with it.
    #[prop_or_default]
    pub problems: Vec<String>,
    /// Marks the field required.
    #[prop_or_default]
    pub required: bool,
    /// Read-only (a viewer, or a field the user may not change).
    #[prop_or_default]
    pub readonly: bool,
    /// `autocomplete` token.
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    /// A `<datalist>` id offering values.
    #[prop_or_default]
    pub list: Option<AttrValue>,
}

/// A labelled input with its hint and problems (`aria-describedby`, `aria-invalid`).
#[function_component(Field)]
pub fn field(props: &FieldProps) -> Html {
    let hint_id = format!("{}--hint", props.id);
    let problems_id = format!("{}--problems", props.id);
    let mut described = Vec::new();
    if props.hint.is_some() {
        described.push(hint_id.clone());
    }
    if !props.problems.is_empty() {
        described.push(problems_id.clone());
    }
    let described = (!described.is_empty()).then(|| described.join(" "));
    let invalid = (!props.problems.is_empty()).then_some("true");
    let oninput = {
        let cb = props.oninput.clone();
        Callback::from(move |e: InputEvent| cb.emit(browser::value_of(&e)))
    };
    // A time zone: text with the browser's zones offered as you type (the editor renders the list).
    let (kind, list) = if props.kind == "zone" {
        (AttrValue::Static("text"), Some(AttrValue::Static("tz-list")))
    } else {
        (props.kind.clone(), props.list.clone())
    };
    let input = if props.kind == "textarea" {
        html! {
            <textarea id={props.id.clone()} value={props.value.clone()} {oninput} aria-describedby={described}
                aria-invalid={invalid} required={props.required} readonly={props.readonly} rows="3" />
        }
    } else {
        html! {
            <input id={props.id.clone()} type={kind} value={props.value.clone()} {oninput}
                aria-describedby={described} aria-invalid={invalid} required={props.required}
                readonly={props.readonly} autocomplete={props.autocomplete.clone()} {list} />
        }
    };
    html! {
        <div class={classes!("field", (!props.problems.is_empty()).then_some("has-problem"))}>
            <label for={props.id.clone()}>{props.label.clone()}</label>
            if let Some(hint) = &props.hint { <p class="hint" id={hint_id}>{hint.clone()}</p> }
            {input}
            <Problems id={problems_id} problems={props.problems.clone()} />
        </div>
    }
}

/// Props of [`Problems`].
#[derive(Properties, PartialEq, Clone)]
pub struct ProblemsProps {
    /// The list's id (fields point at it with `aria-describedby`).
    pub id: String,
    /// What is wrong.
    pub problems: Vec<String>,
}

/// A field's problems, each on its own line.
#[function_component(Problems)]
pub fn problems(props: &ProblemsProps) -> Html {
    if props.problems.is_empty() {
        return html! {};
    }
    html! {
        <ul class="problems" id={props.id.clone()}>
            { for props.problems.iter().map(|p| html! { <li>{p.clone()}</li> }) }
        </ul>
    }
}

/// A message after an action: `Ok` is polite (`role=status`), `Err` assertive (`role=alert`).
pub fn banner(message: &Option<Result<String, String>>) -> Html {
    html! {
        <>
            <div role="status" class="status-slot">
                if let Some(Ok(m)) = message { <p class="ok">{m.clone()}</p> }
            </div>
            <div role="alert" class="alert-slot">
                if let Some(Err(m)) = message { <p class="error">{m.clone()}</p> }
            </div>
        </>
    }
}

/// Props of [`CopyButton`].
#[derive(Properties, PartialEq, Clone)]
pub struct CopyButtonProps {
    /// What is copied.
    pub text: AttrValue,
    /// The button's label, e.g. "Copy the tag".
    pub label: AttrValue,
}

/// Copies a text and says so (`role=status`).
#[function_component(CopyButton)]
pub fn copy_button(props: &CopyButtonProps) -> Html {
    let said = use_state(|| None::<&'static str>);
    let onclick = {
        let (text, said) = (props.text.clone(), said.clone());
        Callback::from(move |_| {
            let (text, said) = (text.clone(), said.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let copied = browser::copy(&text).await;
                said.set(Some(if copied { "Copied." } else { "Could not copy: select the text and copy it." }));
            });
        })
    };
    html! {
        <span class="copy">
            <button type="button" {onclick}>{props.label.clone()}</button>
            <span role="status" class="copy-said">{said.unwrap_or("")}</span>
        </span>
    }
}
