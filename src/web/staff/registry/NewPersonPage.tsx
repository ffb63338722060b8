/** A new person, entered by hand; the record opens once saved. */
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { usePageTitle } from '../ApiState.js';
import { createPerson } from '../staff-api.js';
import { EMPTY_PERSON, PersonForm } from './PersonForm.js';
import { registryAddress } from './PersonsPage.js';

export function NewPersonPage() {
  const { t: s } = useTranslation('staff');
  const navigate = useNavigate();
  usePageTitle(s('person.newTitle'));
  return (
    <>
      <p>
        <Link to={registryAddress()}>{s('person.back')}</Link>
      </p>
      <h1>{s('person.newTitle')}</h1>
      <PersonForm
        initial={EMPTY_PERSON}
        submitLabel={s('person.create')}
        onSubmit={async (fields) => {
          const person = await createPerson(fields);
          navigate(`/registro/${person.id}`);
        }}
      />
    </>
  );
}
