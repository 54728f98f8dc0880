//! The [`Backend`] the app saves workspaces through: IndexedDB in the app
//! (`idb`), memory in tests ([`MemoryBackend`]), and [`Faulty`] around
//! either to simulate a failing write.
//!
//! Futures are local (`!Send`): the browser is single-threaded.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use super::record::{Columns, StoredWorkspace, WorkspaceMeta};

pub type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Why a storage operation did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// A save found another revision stored than the one it expected
    /// (another tab saved in between): nothing was written.
    Conflict { stored: Option<u64> },
    /// The browser refused (quota exceeded, database blocked, private
    /// mode …): a sentence for people.
    Failed(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Conflict { stored: Some(r) } => {
                write!(f, "another tab saved this workspace (revision {r})")
            }
            StorageError::Conflict { stored: None } => write!(f, "another tab deleted this workspace"),
            StorageError::Failed(reason) => f.write_str(reason),
        }
    }
}

/// What a save expects to find stored, so that no tab overwrites a save
/// it has not seen (no lost update).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Nothing stored under this id (a new workspace).
    Nothing,
    /// This revision stored (the one this tab last loaded or saved).
    Revision(u64),
    /// Whatever is stored ("Keep mine (overwrite)").
    Anything,
}

/// One save: everything in one transaction.
#[derive(Clone, Debug)]
pub struct Save {
    pub meta: WorkspaceMeta,
    pub document: String,
    /// `None`: the audience is unchanged since the last save (it is big;
    /// edits never change it).
    pub audience: Option<Columns>,
    pub expect: Expect,
}

/// Workspace storage. A save is atomic: the document (the stored one moves
/// to `previous`), the audience and the metadata are written together or
/// not at all.
pub trait Backend {
    /// Every workspace's metadata, most recently saved first.
    fn list(&self) -> LocalFuture<'_, Result<Vec<WorkspaceMeta>, StorageError>>;
    fn load(&self, id: &str) -> LocalFuture<'_, Result<Option<StoredWorkspace>, StorageError>>;
    fn save(&self, save: Save) -> LocalFuture<'_, Result<(), StorageError>>;
    fn delete(&self, id: &str) -> LocalFuture<'_, Result<(), StorageError>>;
}

/// Orders metadata most recently saved first (then by name).
pub fn sort_recent_first(list: &mut [WorkspaceMeta]) {
    list.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then_with(|| a.name.cmp(&b.name)));
}

/// Checks `expect` against the stored revision.
pub fn check_expect(expect: Expect, stored: Option<u64>) -> Result<(), StorageError> {
    match (expect, stored) {
        (Expect::Anything, _) | (Expect::Nothing, None) => Ok(()),
        (Expect::Revision(r), Some(s)) if r == s => Ok(()),
        _ => Err(StorageError::Conflict { stored }),
    }
}

/// Workspaces in memory (tests; a browser without IndexedDB).
#[derive(Default)]
pub struct MemoryBackend {
    data: RefCell<BTreeMap<String, StoredWorkspace>>,
}

impl MemoryBackend {
    pub fn new() -> MemoryBackend {
        MemoryBackend::default()
    }
}

impl Backend for MemoryBackend {
    fn list(&self) -> LocalFuture<'_, Result<Vec<WorkspaceMeta>, StorageError>> {
        let mut list: Vec<_> = self.data.borrow().values().map(|w| w.meta.clone()).collect();
        sort_recent_first(&mut list);
        Box::pin(async move { Ok(list) })
    }

    fn load(&self, id: &str) -> LocalFuture<'_, Result<Option<StoredWorkspace>, StorageError>> {
        let found = self.data.borrow().get(id).cloned();
        Box::pin(async move { Ok(found) })
    }

    fn save(&self, save: Save) -> LocalFuture<'_, Result<(), StorageError>> {
        let result = (|| {
            let mut data = self.data.borrow_mut();
            let stored = data.get(&save.meta.id);
            check_expect(save.expect, stored.map(|w| w.meta.revision))?;
            let previous = stored.map(|w| w.document.clone());
            let previous_saved_at = stored.map(|w| w.meta.updated_at);
            let audience = match (save.audience, stored) {
                (Some(a), _) => a,
                (None, Some(w)) => w.audience.clone(),
                (None, None) => vec![],
            };
            data.insert(
                save.meta.id.clone(),
                StoredWorkspace { meta: save.meta, document: save.document, previous, previous_saved_at, audience },
            );
            Ok(())
        })();
        Box::pin(async move { result })
    }

    fn delete(&self, id: &str) -> LocalFuture<'_, Result<(), StorageError>> {
        self.data.borrow_mut().remove(id);
        Box::pin(async move { Ok(()) })
    }
}

/// Another backend whose writes fail while [`Faulty::fail_writes`] is set
/// (the failed-write path, in tests).
pub struct Faulty {
    inner: Rc<dyn Backend>,
    failure: RefCell<Option<String>>,
}

impl Faulty {
    pub fn new(inner: Rc<dyn Backend>) -> Faulty {
        Faulty { inner, failure: RefCell::new(None) }
    }

    /// `Some(reason)`: every save and delete fails with `reason` until set
    /// back to `None`.
    pub fn fail_writes(&self, reason: Option<&str>) {
        *self.failure.borrow_mut() = reason.map(str::to_owned);
    }
}

impl Backend for Faulty {
    fn list(&self) -> LocalFuture<'_, Result<Vec<WorkspaceMeta>, StorageError>> {
        self.inner.list()
    }

    fn load(&self, id: &str) -> LocalFuture<'_, Result<Option<StoredWorkspace>, StorageError>> {
        self.inner.load(id)
    }

    fn save(&self, save: Save) -> LocalFuture<'_, Result<(), StorageError>> {
        match self.failure.borrow().clone() {
            Some(reason) => Box::pin(async move { Err(StorageError::Failed(reason)) }),
            None => self.inner.save(save),
        }
    }

    fn delete(&self, id: &str) -> LocalFuture<'_, Result<(), StorageError>> {
        match self.failure.borrow().clone() {
            Some(reason) => Box::pin(async move { Err(StorageError::Failed(reason)) }),
            None => self.inner.delete(id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(id: &str, revision: u64, updated_at: i64) -> WorkspaceMeta {
        WorkspaceMeta { id: id.into(), name: id.to_uppercase(), updated_at, revision, base: None }
    }

    fn save(id: &str, revision: u64, expect: Expect, doc: &str) -> Save {
        Save { meta: meta(id, revision, revision as i64), document: doc.into(), audience: None, expect }
    }

    /// Polls a future that never waits (the memory backend's).
    fn now<T>(f: LocalFuture<'_, T>) -> T {
        use std::task::{Context, Poll, Waker};
        let mut f = f;
        match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(v) => v,
            Poll::Pending => panic!("the memory backend never waits"),
        }
    }

    #[test]
    fn saves_check_the_expected_revision() {
        let b = MemoryBackend::new();
        now(b.save(save("a", 1, Expect::Nothing, "one"))).unwrap();
        assert_eq!(
            now(b.save(save("a", 1, Expect::Nothing, "again"))),
            Err(StorageError::Conflict { stored: Some(1) })
        );
        now(b.save(save("a", 2, Expect::Revision(1), "two"))).unwrap();
        // A tab that still believes revision 1 is stored loses nothing: refused.
        assert_eq!(
            now(b.save(save("a", 2, Expect::Revision(1), "other tab"))),
            Err(StorageError::Conflict { stored: Some(2) })
        );
        let w = now(b.load("a")).unwrap().unwrap();
        assert_eq!((w.document.as_str(), w.previous.as_deref()), ("two", Some("one")));
        now(b.save(save("a", 9, Expect::Anything, "mine"))).unwrap();
        assert_eq!(now(b.load("a")).unwrap().unwrap().meta.revision, 9);
    }

    #[test]
    fn lists_most_recent_first_and_deletes() {
        let b = MemoryBackend::new();
        now(b.save(save("a", 1, Expect::Nothing, ""))).unwrap();
        now(b.save(save("b", 5, Expect::Nothing, ""))).unwrap();
        let ids: Vec<_> = now(b.list()).unwrap().into_iter().map(|m| m.id).collect();
        assert_eq!(ids, ["b", "a"]);
        now(b.delete("b")).unwrap();
        assert_eq!(now(b.list()).unwrap().len(), 1);
        assert_eq!(now(b.load("b")).unwrap(), None);
    }

    #[test]
    fn faulty_fails_writes_only_while_told_to() {
        let f = Faulty::new(Rc::new(MemoryBackend::new()));
        f.fail_writes(Some("quota exceeded"));
        assert_eq!(
            now(f.save(save("a", 1, Expect::Nothing, ""))),
            Err(StorageError::Failed("quota exceeded".into()))
        );
        assert_eq!(now(f.list()).unwrap(), vec![]);
        f.fail_writes(None);
        now(f.save(save("a", 1, Expect::Nothing, ""))).unwrap();
        assert_eq!(now(f.list()).unwrap().len(), 1);
    }
}
