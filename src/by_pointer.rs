//! Props that share a value read once and never changed in place (the configuration, the
//! words) compare it by pointer.

use std::ops::Deref;
use std::rc::Rc;

use yew::html::IntoPropValue;

/// An [`Rc`] whose equality is its pointer's. The configuration and the words are each read
/// once and shared, never changed in place, so the same pointer is the same value; the
/// derived deep comparison of their every field (hours, questions, theme, catalogue …) cost
/// the wasm 1.1 KB brotli. A new `Rc` of equal contents only renders once more. With it the
/// props derive `PartialEq` instead of each writing its own.
#[derive(Debug, Default)]
pub struct ByPointer<T>(pub Rc<T>);

impl<T> Clone for ByPointer<T> {
    fn clone(&self) -> Self {
        ByPointer(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for ByPointer<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for ByPointer<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<Rc<T>> for ByPointer<T> {
    fn from(shared: Rc<T>) -> Self {
        ByPointer(shared)
    }
}

/// `config={rc}` in `html!` as before.
impl<T> IntoPropValue<ByPointer<T>> for Rc<T> {
    fn into_prop_value(self) -> ByPointer<T> {
        ByPointer(self)
    }
}
