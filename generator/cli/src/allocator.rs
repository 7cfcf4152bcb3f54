//! mimalloc as the global allocator, called as std calls the system's: the plain entry points for
//! the alignment every block has, the aligned ones beyond it. (The `mimalloc` crate sends every
//! allocation through the aligned entry points, which test the block they are about to hand out:
//! about 40 instructions an allocation where the plain path takes half that, over 2.4 million
//! allocations in a generation of nexus.)

use libmimalloc_sys as ffi;
use std::alloc::{GlobalAlloc, Layout};

/// The alignment of every mimalloc block: block sizes are whole words.
const WORD: usize = std::mem::size_of::<usize>();

/// The global allocator of the command line.
pub struct MiMalloc;

// SAFETY: each method forwards to the mimalloc function of the same contract, aligned as `layout`
// asks: a block from the plain entry points is word-aligned, and the aligned ones serve any larger
// alignment; blocks of either are freed and resized by the same functions.
unsafe impl GlobalAlloc for MiMalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let block = if layout.align() <= WORD {
            unsafe { ffi::mi_malloc(layout.size()) }
        } else {
            unsafe { ffi::mi_malloc_aligned(layout.size(), layout.align()) }
        };
        block.cast()
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let block = if layout.align() <= WORD {
            unsafe { ffi::mi_zalloc(layout.size()) }
        } else {
            unsafe { ffi::mi_zalloc_aligned(layout.size(), layout.align()) }
        };
        block.cast()
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        unsafe { ffi::mi_free(ptr.cast()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let block = if layout.align() <= WORD {
            unsafe { ffi::mi_realloc(ptr.cast(), new_size) }
        } else {
            unsafe { ffi::mi_realloc_aligned(ptr.cast(), new_size, layout.align()) }
        };
        block.cast()
    }
}

#[cfg(test)]
mod tests {
    use super::MiMalloc;
    use std::alloc::{GlobalAlloc, Layout};

    /// Every size and alignment a program asks for comes back aligned, zeroed when asked, and
    /// keeps its bytes when resized either way, whichever entry points serve it.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 7, 8, 9, 16, 24, 40, 100, 1000, 1025, 5000, 70_000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                unsafe {
                    let zeroed = MiMalloc.alloc_zeroed(layout);
                    assert!(!zeroed.is_null() && zeroed as usize % align == 0, "{size} {align}");
                    assert!((0..size).all(|i| *zeroed.add(i) == 0), "{size} {align}");
                    MiMalloc.dealloc(zeroed, layout);
                    for new_size in [size / 2 + 1, size * 3] {
                        let block = MiMalloc.alloc(layout);
                        assert!(!block.is_null() && block as usize % align == 0, "{size} {align}");
                        for i in 0..size {
                            *block.add(i) = i as u8;
                        }
                        let kept = size.min(new_size);
                        let resized = MiMalloc.realloc(block, layout, new_size);
                        assert!(!resized.is_null() && resized as usize % align == 0, "{size} {align} {new_size}");
                        assert!((0..kept).all(|i| *resized.add(i) == i as u8), "{size} {align} {new_size}");
                        let back = MiMalloc.realloc(resized, Layout::from_size_align(new_size, align).unwrap(), size);
                        assert!(!back.is_null() && back as usize % align == 0, "{size} {align} {new_size}");
                        assert!((0..kept).all(|i| *back.add(i) == i as u8), "{size} {align} {new_size}");
                        MiMalloc.dealloc(back, layout);
                    }
                }
            }
        }
    }
}
