package dev.quartermaster.engine;

import java.util.Arrays;

/**
 * How many running jobs of each shape a pool has, by {@link Shape#id}: counted in O(1) without boxing, and the shapes
 * present walked without visiting absent ones (a sparse set: the present shapes packed in an array, each shape's
 * count and place in it by id).
 */
final class ShapeCounts {

    private int[] count = new int[8];
    private int[] place = new int[8];
    private Shape[] present = new Shape[8];
    private int size;

    /** Adds {@code n} (negative to take away) to the shape's count; a shape whose count comes to zero is gone. */
    void add(Shape shape, int n) {
        int id = shape.id;
        if (id >= count.length) {
            int length = Math.max(id + 1, 2 * count.length);
            count = Arrays.copyOf(count, length);
            place = Arrays.copyOf(place, length);
        }
        int before = count[id];
        count[id] = before + n;
        if (before == 0 && count[id] != 0) {
            if (size == present.length) {
                present = Arrays.copyOf(present, 2 * size);
            }
            present[size] = shape;
            place[id] = size++;
        } else if (before != 0 && count[id] == 0) {
            Shape last = present[--size];
            present[place[id]] = last;
            place[last.id] = place[id];
            present[size] = null;
        }
    }

    int count(Shape shape) {
        return shape.id < count.length ? count[shape.id] : 0;
    }

    /** How many shapes are present. */
    int size() {
        return size;
    }

    /** The {@code i}th shape present, in no particular order. */
    Shape shape(int i) {
        return present[i];
    }
}
