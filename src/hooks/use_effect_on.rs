//! `use_effect_with`, instantiated once for the whole widget. Yew's hook is generic over its
//! dependencies, its closure and its teardown, so each call site got its own copy of the
//! hook's state, runner, drop code and downcasts (eleven sites; going through one instance took 1,473 B brotli off the wasm).
//! Here every site goes through one instance: the dependencies are boxed with the function
//! that compares them, the closure and its teardown are boxed too. Same semantics: the
//! effect runs after the render in which its dependencies changed (and after the first),
//! the previous teardown first; the last teardown runs when the component goes.

use std::any::Any;

use yew::functional::{Hook, TearDown};
use yew::prelude::*;

/// A teardown, boxed.
type Undo = Box<dyn FnOnce()>;

/// Dependencies of any type, compared as that type.
struct Deps {
    value: Box<dyn Any>,
    same: fn(&dyn Any, &dyn Any) -> bool,
}

impl PartialEq for Deps {
    fn eq(&self, other: &Self) -> bool {
        (self.same)(&*self.value, &*other.value)
    }
}

/// Whether `a` and `b` are both `T` and equal.
fn same<T: PartialEq + 'static>(a: &dyn Any, b: &dyn Any) -> bool {
    matches!((a.downcast_ref::<T>(), b.downcast_ref::<T>()), (Some(a), Some(b)) if a == b)
}

/// Runs `effect` after the first render and after each render whose `deps` differ from the
/// previous render's, as `use_effect_with(deps, effect)` does; what `effect` returns (`()`
/// or a closure) is its teardown.
pub fn use_effect_on<T, D>(deps: T, effect: impl FnOnce(&T) -> D + 'static) -> impl Hook<Output = ()>
where
    T: PartialEq + 'static,
    D: TearDown,
{
    let runner: Box<dyn FnOnce(&Deps) -> Undo> = Box::new(move |deps: &Deps| {
        // Always a `T`: `Deps` of this hook are only ever made from one.
        let teardown = deps.value.downcast_ref::<T>().map(effect);
        Box::new(move || {
            if let Some(teardown) = teardown {
                teardown.tear_down();
            }
        })
    });
    use_effect_with(Deps { value: Box::new(deps), same: same::<T> }, runner)
}
