from django.db import migrations


def load(apps, schema_editor):
    from catalog.tmdb_genres import TMDB_GENRES

    Genre = apps.get_model("catalog", "Genre")
    for genre_id, name, for_movies, for_series in TMDB_GENRES:
        Genre.objects.update_or_create(
            id=genre_id,
            defaults={"name": name, "for_movies": for_movies, "for_series": for_series},
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
