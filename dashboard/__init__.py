"""What the person sees: Dash pages, shared components and pure figure builders."""
