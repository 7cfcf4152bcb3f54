//! Recursive types: which fields of the lowered types need a `Box` (a struct that holds itself,
//! directly or through other structs, without a `Vec` or a map between, would be infinitely large).

use crate::ir::{Shape, Ty, TypeDef};
use std::collections::HashMap;

/// Boxes every struct field whose type leads back to its own struct without passing through a `Vec`
/// or a map, which would otherwise make the type infinitely large.
pub fn box_recursive_fields(types: &mut [TypeDef]) {
    let index: HashMap<String, usize> = types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    let direct = |ty: &Ty| -> Option<String> {
        match ty {
            Ty::Named(n) => Some(n.clone()),
            Ty::Option(inner) => match inner.as_ref() {
                Ty::Named(n) => Some(n.clone()),
                _ => None,
            },
            _ => None,
        }
    };
    let edges: Vec<Vec<String>> =
        types.iter().map(|t| t.shape.held().into_iter().filter_map(direct).collect()).collect();
    // A field needs a box when its type reaches back to the owner: the two are then in one
    // strongly connected component of the graph of direct fields (or are one type). Computing the
    // components once keeps this linear; a search from every field was quadratic in a chain of
    // types, and a chain of 10,000 took seconds.
    let targets: Vec<Vec<usize>> =
        edges.iter().map(|names| names.iter().filter_map(|name| index.get(name).copied()).collect()).collect();
    let component = strongly_connected_components(&targets);
    let boxed = |ty: &Ty, owner: &str| -> Option<Ty> {
        let target = direct(ty)?;
        let same = target == owner
            || matches!((index.get(&target), index.get(owner)), (Some(&t), Some(&o)) if component[t] == component[o]);
        if !same {
            return None;
        }
        Some(match ty {
            Ty::Option(inner) => Ty::Option(Box::new(Ty::Boxed(inner.clone()))),
            other => Ty::Boxed(Box::new(other.clone())),
        })
    };
    let updates: Vec<(usize, usize, Ty)> = types
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            t.shape
                .held()
                .into_iter()
                .enumerate()
                .filter_map(|(j, ty)| boxed(ty, &t.name).map(|b| (i, j, b)))
                .collect::<Vec<_>>()
        })
        .collect();
    for (i, j, ty) in updates {
        match &mut types[i].shape {
            Shape::Struct(fields) => fields[j].ty = ty,
            Shape::Union(vs) => vs[j].ty = ty,
            Shape::Newtype(t) => *t = ty,
            Shape::Enum(_) => {}
        }
    }
}

/// The strongly connected component of each node of the graph whose edges from node `i` are
/// `edges[i]` (Kosaraju's algorithm). Iterative, so that a long chain of types does not exhaust
/// the stack.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    let nodes = edges.len();
    // The nodes in the order their depth-first search finishes.
    let mut finished = Vec::with_capacity(nodes);
    let mut visited = vec![false; nodes];
    for start in 0..nodes {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0)];
        while let Some(top) = stack.len().checked_sub(1) {
            let (node, next) = stack[top];
            match edges[node].get(next) {
                Some(&child) => {
                    stack[top].1 += 1;
                    if !visited[child] {
                        visited[child] = true;
                        stack.push((child, 0));
                    }
                }
                None => {
                    finished.push(node);
                    stack.pop();
                }
            }
        }
    }
    let mut reversed = vec![Vec::new(); nodes];
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            reversed[to].push(from);
        }
    }
    // In reverse finishing order, what reaches each new root in the reversed graph is its component.
    let mut component = vec![usize::MAX; nodes];
    let mut count = 0;
    for &root in finished.iter().rev() {
        if component[root] != usize::MAX {
            continue;
        }
        component[root] = count;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            for &from in &reversed[node] {
                if component[from] == usize::MAX {
                    component[from] = count;
                    stack.push(from);
                }
            }
        }
        count += 1;
    }
    component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected_components;

    #[test]
    fn components_join_exactly_the_nodes_that_reach_each_other() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 0 and 2 → 4 lead in and out of it; 5 loops on itself.
        let edges = vec![vec![1], vec![2], vec![0, 4], vec![0], vec![], vec![5]];
        let c = strongly_connected_components(&edges);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[3] != c[4] && c[5] != c[0]);
    }

    #[test]
    fn a_long_chain_is_one_component_per_node_without_exhausting_the_stack() {
        let nodes = 200_000;
        let chain: Vec<Vec<usize>> = (0..nodes).map(|i| if i + 1 < nodes { vec![i + 1] } else { vec![] }).collect();
        let c = strongly_connected_components(&chain);
        let mut distinct = c.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), nodes);
        // Closing the chain makes it one component.
        let mut ring = chain;
        ring[nodes - 1].push(0);
        let c = strongly_connected_components(&ring);
        assert!(c.iter().all(|&x| x == c[0]));
    }
}
